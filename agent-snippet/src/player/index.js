// Replay player bundle served by replay-service at /sdk/player.js.
// Exposes the rrweb-player component as window.ReplaylinkPlayer for the replay page.
import RRWebPlayer from 'rrweb-player';

window.ReplaylinkPlayer = RRWebPlayer;
