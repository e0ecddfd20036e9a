import { GloveEmbedder } from './electron/core/selector/glove-embedder';
import { dot } from './electron/core/selector/embedder';
const e = await GloveEmbedder.open('/tmp/sel-models');
const pairs = [['slide','presentation'],['slide','banana'],['king','queen'],['spreadsheet','excel'],['car','truck'],['car','philosophy']];
for (const [a,b] of pairs) console.log(a,b,dot(e.embedOne(a!),e.embedOne(b!)).toFixed(3));
console.log(dot(e.embedOne('create a new slide in the presentation'), e.embedOne('add slide to deck')).toFixed(3), dot(e.embedOne('create a new slide in the presentation'), e.embedOne('weather forecast for tomorrow in paris')).toFixed(3));
