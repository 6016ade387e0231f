import { parentPort, workerData } from 'node:worker_threads';
import { GlobalTreeModel, GlobalTreeOptions } from '../models/global-tree';

/** Worker-thread entry: trains the global tree model off the main event loop and posts its JSON. */
const { series, options } = workerData as { series: number[][]; options: GlobalTreeOptions };
parentPort!.postMessage(GlobalTreeModel.train(series, options).toJSON());
