// New data loaded with a saved model's own loader settings (transform, merge).
import type { Model } from '../exporters/index.js';
import type { Dataset, TextSourceSpec } from '../loaders/index.js';
import { loadImagesLike, loadMatrix, loadTextLike } from '../loaders/index.js';
import { textSource } from './text-options.js';

export async function loadLike(model: Model, a: TextSourceSpec & { source: string }): Promise<Dataset> {
  switch (model.kind) {
    case 'text':
      return loadTextLike(await textSource(a), model.loader);
    case 'images':
      return loadImagesLike(a.source, model.loader);
    case 'matrix':
      return loadMatrix(a.source, { format: model.loader.format });
  }
}
