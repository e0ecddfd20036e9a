export { SpeechService } from './speech-service';
export { speechHandlers } from './speech-handlers';
export { findWhisperBinary } from './whisper-binary';
export { runWhisper } from './whisper-cpp';
