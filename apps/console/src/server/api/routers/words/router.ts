import { createTRPCRouter } from '../../trpc';
import { addWordRoute } from './add-word';
import { listWordsRoute } from './list-words';
import { removeWordRoute } from './remove-word';

export const wordsRouter = createTRPCRouter({ list: listWordsRoute, add: addWordRoute, remove: removeWordRoute });
