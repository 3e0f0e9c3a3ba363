// Types for the few natural submodules latent imports one by one (the package root takes ~0.7 s to
// load and its dotenv dependency prints on stdout).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(word: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/ngrams/ngrams.js' {
  export function ngrams(sequence: string[], n: number): string[][];
}
declare module 'natural/lib/natural/util/stopwords_zh.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_ja.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  export function DamerauLevenshteinDistance(source: string, target: string): number;
}
