export { SpeechService, type SpeechServiceDeps, type Transcript } from './speech-service';
export { speechHandlers } from './speech-handlers';
export { SpeechError, isSpeechError } from './speech-error';
export { findWhisperBinary, whisperSourceDir } from './whisper-binary';
export { runWhisper } from './whisper-cpp';
