// Bare @rrweb/record: the recorder every tool compared here is built on.
import { record } from '@rrweb/record';

window.rrwebRecord = record;
