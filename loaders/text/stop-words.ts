// English stop words: the data, nothing else. 382 words, the union of
// - natural 8.1's English list (natural/lib/natural/util/stopwords.js, 170 entries: function words, the
//   letters a–z, the digits, '$' and '_'), MIT licence;
// - scikit-learn 1.2's ENGLISH_STOP_WORDS (sklearn/feature_extraction/_stop_words.py, 318 words, from the
//   Glasgow Information Retrieval Group's list), BSD-3-Clause licence;
// - what both lack but tokenizing English leaves behind: 'just' and the pieces of contractions that
//   splitting on the apostrophe makes (don't → don, t; we've → ve; …).
// Lowercase; compared with tokens after lowercasing (and accent folding when asked).
export const ENGLISH_STOP_WORDS: readonly string[] = [
  '$', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '_', 'a', 'about', 'above', 'across', 'after',
  'afterwards', 'again', 'against', 'all', 'almost', 'alone', 'along', 'already', 'also', 'although',
  'always', 'am', 'among', 'amongst', 'amoungst', 'amount', 'an', 'and', 'another', 'any', 'anyhow',
  'anyone', 'anything', 'anyway', 'anywhere', 'are', 'aren', 'around', 'as', 'at', 'b', 'back', 'be',
  'became', 'because', 'become', 'becomes', 'becoming', 'been', 'before', 'beforehand', 'behind', 'being',
  'below', 'beside', 'besides', 'between', 'beyond', 'bill', 'both', 'bottom', 'but', 'by', 'c', 'call',
  'came', 'can', 'cannot', 'cant', 'co', 'come', 'con', 'could', 'couldn', 'couldnt', 'cry', 'd', 'de',
  'describe', 'detail', 'did', 'didn', 'do', 'does', 'doesn', 'doing', 'don', 'done', 'down', 'due',
  'during', 'e', 'each', 'eg', 'eight', 'either', 'eleven', 'else', 'elsewhere', 'empty', 'enough', 'etc',
  'even', 'ever', 'every', 'everyone', 'everything', 'everywhere', 'except', 'f', 'few', 'fifteen', 'fifty',
  'fill', 'find', 'fire', 'first', 'five', 'for', 'former', 'formerly', 'forty', 'found', 'four', 'from',
  'front', 'full', 'further', 'g', 'get', 'give', 'go', 'got', 'h', 'had', 'hadn', 'has', 'hasn', 'hasnt',
  'have', 'haven', 'he', 'hence', 'her', 'here', 'hereafter', 'hereby', 'herein', 'hereupon', 'hers',
  'herself', 'him', 'himself', 'his', 'how', 'however', 'hundred', 'i', 'ie', 'if', 'in', 'inc', 'indeed',
  'interest', 'into', 'is', 'isn', 'it', 'its', 'itself', 'j', 'just', 'k', 'keep', 'l', 'last', 'latter',
  'latterly', 'least', 'less', 'like', 'll', 'ltd', 'm', 'made', 'make', 'many', 'may', 'me', 'meanwhile',
  'might', 'mill', 'mine', 'more', 'moreover', 'most', 'mostly', 'move', 'much', 'must', 'my', 'myself', 'n',
  'name', 'namely', 'neither', 'never', 'nevertheless', 'next', 'nine', 'no', 'nobody', 'none', 'noone',
  'nor', 'not', 'nothing', 'now', 'nowhere', 'o', 'of', 'off', 'often', 'on', 'once', 'one', 'only', 'onto',
  'or', 'other', 'others', 'otherwise', 'our', 'ours', 'ourselves', 'out', 'over', 'own', 'p', 'part', 'per',
  'perhaps', 'please', 'put', 'q', 'r', 'rather', 're', 's', 'said', 'same', 'see', 'seem', 'seemed',
  'seeming', 'seems', 'serious', 'several', 'she', 'should', 'shouldn', 'show', 'side', 'since', 'sincere',
  'six', 'sixty', 'so', 'some', 'somehow', 'someone', 'something', 'sometime', 'sometimes', 'somewhere',
  'still', 'such', 'system', 't', 'take', 'ten', 'than', 'that', 'the', 'their', 'theirs', 'them',
  'themselves', 'then', 'thence', 'there', 'thereafter', 'thereby', 'therefore', 'therein', 'thereupon',
  'these', 'they', 'thick', 'thin', 'third', 'this', 'those', 'though', 'three', 'through', 'throughout',
  'thru', 'thus', 'to', 'together', 'too', 'top', 'toward', 'towards', 'twelve', 'twenty', 'two', 'u', 'un',
  'under', 'until', 'up', 'upon', 'us', 'v', 've', 'very', 'via', 'w', 'was', 'wasn', 'way', 'we', 'well',
  'were', 'weren', 'what', 'whatever', 'when', 'whence', 'whenever', 'where', 'whereafter', 'whereas',
  'whereby', 'wherein', 'whereupon', 'wherever', 'whether', 'which', 'while', 'whither', 'who', 'whoever',
  'whole', 'whom', 'whose', 'why', 'will', 'with', 'within', 'without', 'won', 'would', 'wouldn', 'x', 'y',
  'yet', 'you', 'your', 'yours', 'yourself', 'yourselves', 'z',
];
