import { buildProgramPrompt, outlineSchema, programSchema, type BuiltPrompt, type ProgramPromptInput } from './planner-prompts';

const ONE_CALL_NOTE = `Also list the steps you take (action, search words, modules). If the request is ambiguous or an input is missing, set program to "" and ask one short question; otherwise question is "".`;

/** Outline and program in one response: the program prompt over a toolbox chosen from the request itself, with the steps and question added to the reply. */
export function buildOneCallPrompt(input: Omit<ProgramPromptInput, 'outline'>, moduleNames: readonly string[]): BuiltPrompt {
  const built = buildProgramPrompt({ ...input, outline: { steps: [], question: '' } });
  const [system, ...rest] = built.messages;
  const outline = outlineSchema(moduleNames) as { properties: Record<string, unknown> };
  const program = programSchema() as { properties: Record<string, unknown> };
  const schema = {
    type: 'object',
    properties: { steps: outline.properties.steps, question: outline.properties.question, ...program.properties },
    required: ['steps', 'question', 'program', 'summary'],
    additionalProperties: false,
  };
  const content = `${String(system!.content).replace('Reply with JSON only: {"program": "<code>", "summary": "<one line>"}.', 'Reply with JSON only: {"steps": [...], "question": "", "program": "<code>", "summary": "<one line>"}.')}\n\n${ONE_CALL_NOTE}`;
  return { ...built, messages: [{ role: 'system', content }, ...rest], jsonSchema: { name: 'plan_and_program', schema }, maxTokens: built.maxTokens + 300 };
}
