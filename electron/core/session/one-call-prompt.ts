import { buildProgramPrompt, PROGRAM_RULES_BODY, type BuiltPrompt, type ProgramPromptInput } from './planner-prompts';
import { oneCallReply, replyFormat } from './replies';

/** The program rules with the steps and question asked for too (built from parts, never by editing the text). */
const ONE_CALL_RULES = `${PROGRAM_RULES_BODY}
Also list the steps you take (action, search words, modules). When you must ask (two files fit equally well, or a needed fact is in no file), set program to "" and ask one short question; otherwise question is "".
Reply with JSON only: {"steps": [...], "question": "", "program": "<code>", "summary": "<one line>"}.`;

/** Outline and program in one response: the program prompt over a toolbox chosen from the request itself, with the steps and question added to the reply. */
export function buildOneCallPrompt(input: Omit<ProgramPromptInput, 'outline' | 'rules'>, moduleNames: readonly string[]): BuiltPrompt {
  const built = buildProgramPrompt({ ...input, outline: { steps: [], question: '' }, rules: ONE_CALL_RULES });
  return { ...built, jsonSchema: replyFormat('plan_and_program', oneCallReply(moduleNames)), maxTokens: built.maxTokens + 300 };
}
