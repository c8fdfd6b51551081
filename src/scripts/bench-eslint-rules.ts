/**
 * The ESLint comparator's rules: `no-restricted-syntax` selectors for patterns agent-audit also
 * looks for, so both tools walk every file and match calls, options and literals. Selectors match
 * syntax only; agent-audit resolves imports and values, which a selector cannot.
 */
export const ESLINT_SELECTORS = [
  { selector: "CallExpression[callee.name='fetch']:not(:has(Property[key.name='signal']))", message: 'fetch without an abort signal' },
  { selector: "CallExpression[callee.name='setInterval']", message: 'polling with setInterval' },
  { selector: "NewExpression[callee.name=/^(OpenAI|Anthropic)$/]:not(:has(Property[key.name='timeout']))", message: 'LLM client without a timeout' },
  { selector: "CallExpression[callee.property.name='create'][callee.object.property.name='completions']", message: 'chat completion call' },
  { selector: "CallExpression[callee.object.name='axios']:not(:has(Property[key.name='timeout']))", message: 'axios request without a timeout' },
  { selector: "CallExpression[callee.name='eval'], NewExpression[callee.name='Function']", message: 'code built from a string' },
  { selector: 'Literal[value=/^sk-[A-Za-z0-9_-]{20,}$/]', message: 'hard-coded API key' },
];
