// Script-tag entry: defines window.Replaylink.
import * as Replaylink from './index.js';

window.Replaylink = Replaylink;
