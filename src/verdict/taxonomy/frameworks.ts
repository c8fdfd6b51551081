/**
 * Reference vocabularies for rule taxonomy metadata. Names follow the published texts:
 * Microsoft AI Red Team, "Taxonomy of Failure Mode in Agentic AI Systems" (v1.0, April 2025) and its
 * v2.0 update ("Updating the taxonomy of failure modes in agentic AI systems", June 2026);
 * OWASP Top 10 for LLM Applications 2025; OWASP "Agentic AI – Threats and Mitigations" (T1–T17) and the
 * OWASP Top 10 for Agentic Applications 2026 (ASI01–ASI10).
 */
export interface FailureMode {
  readonly id: string;
  readonly name: string;
  readonly version: '1.0' | '2.0';
  readonly pillar: 'security' | 'safety';
}

/** Every mode of v1.0 (27, security and safety, novel and existing) and the seven v2.0 added: 34. */
export const MICROSOFT_FAILURE_MODES: readonly FailureMode[] = [
  { id: 'agent-compromise', name: 'Agent compromise', version: '1.0', pillar: 'security' },
  { id: 'agent-injection', name: 'Agent injection', version: '1.0', pillar: 'security' },
  { id: 'agent-impersonation', name: 'Agent impersonation', version: '1.0', pillar: 'security' },
  { id: 'agent-flow-manipulation', name: 'Agent flow manipulation', version: '1.0', pillar: 'security' },
  { id: 'agent-provisioning-poisoning', name: 'Agent provisioning poisoning', version: '1.0', pillar: 'security' },
  { id: 'multi-agent-jailbreaks', name: 'Multi-agent jailbreaks', version: '1.0', pillar: 'security' },
  { id: 'memory-poisoning', name: 'Memory poisoning', version: '1.0', pillar: 'security' },
  { id: 'targeted-knowledge-base-poisoning', name: 'Targeted knowledge base poisoning', version: '1.0', pillar: 'security' },
  { id: 'xpia', name: 'Cross-domain prompt injection (XPIA)', version: '1.0', pillar: 'security' },
  { id: 'hitl-bypass', name: 'Human-in-the-loop bypass', version: '1.0', pillar: 'security' },
  { id: 'function-compromise', name: 'Function compromise and malicious functions', version: '1.0', pillar: 'security' },
  { id: 'incorrect-permissions', name: 'Incorrect permissions', version: '1.0', pillar: 'security' },
  { id: 'resource-exhaustion', name: 'Resource exhaustion', version: '1.0', pillar: 'security' },
  { id: 'insufficient-isolation', name: 'Insufficient isolation', version: '1.0', pillar: 'security' },
  { id: 'excessive-agency', name: 'Excessive agency', version: '1.0', pillar: 'security' },
  { id: 'loss-of-data-provenance', name: 'Loss of data provenance', version: '1.0', pillar: 'security' },
  { id: 'insufficient-transparency', name: 'Insufficient transparency and accountability', version: '1.0', pillar: 'safety' },
  { id: 'hallucinations', name: 'Hallucinations', version: '1.0', pillar: 'safety' },
  { id: 'misinterpretation-of-instructions', name: 'Misinterpretation of instructions', version: '1.0', pillar: 'safety' },
  { id: 'intra-agent-rai-issues', name: 'Intra-agent Responsible AI (RAI) issues', version: '1.0', pillar: 'safety' },
  { id: 'harms-of-allocation', name: 'Harms of allocation in multi-user scenarios', version: '1.0', pillar: 'safety' },
  { id: 'organizational-knowledge-loss', name: 'Organizational knowledge loss', version: '1.0', pillar: 'safety' },
  { id: 'prioritization-user-safety', name: 'Prioritization leading to user safety issues', version: '1.0', pillar: 'safety' },
  { id: 'parasocial-relationships', name: 'Parasocial relationships', version: '1.0', pillar: 'safety' },
  { id: 'bias-amplification', name: 'Bias amplification', version: '1.0', pillar: 'safety' },
  { id: 'user-impersonation', name: 'User impersonation', version: '1.0', pillar: 'safety' },
  { id: 'insufficient-intelligibility-for-consent', name: 'Insufficient intelligibility for consent', version: '1.0', pillar: 'safety' },
  { id: 'agentic-supply-chain-compromise', name: 'Agentic Supply Chain Compromise', version: '2.0', pillar: 'security' },
  { id: 'goal-hijacking', name: 'Goal Hijacking', version: '2.0', pillar: 'security' },
  { id: 'inter-agent-trust-escalation', name: 'Inter-Agent Trust Escalation', version: '2.0', pillar: 'security' },
  { id: 'cua-visual-attack', name: 'Computer Use Agent (CUA) Visual Attack', version: '2.0', pillar: 'security' },
  { id: 'session-context-contamination', name: 'Session Context Contamination', version: '2.0', pillar: 'security' },
  { id: 'mcp-plugin-abuse', name: 'MCP / Plugin Abuse', version: '2.0', pillar: 'security' },
  { id: 'capability-disclosure', name: 'Capability / Architecture Disclosure', version: '2.0', pillar: 'security' },
];

export const OWASP_LLM_2025: Readonly<Record<string, string>> = {
  'LLM01:2025': 'Prompt Injection',
  'LLM02:2025': 'Sensitive Information Disclosure',
  'LLM03:2025': 'Supply Chain',
  'LLM04:2025': 'Data and Model Poisoning',
  'LLM05:2025': 'Improper Output Handling',
  'LLM06:2025': 'Excessive Agency',
  'LLM07:2025': 'System Prompt Leakage',
  'LLM08:2025': 'Vector and Embedding Weaknesses',
  'LLM09:2025': 'Misinformation',
  'LLM10:2025': 'Unbounded Consumption',
};

export const OWASP_AGENTIC: Readonly<Record<string, string>> = {
  T1: 'Memory Poisoning',
  T2: 'Tool Misuse',
  T3: 'Privilege Compromise',
  T4: 'Resource Overload',
  T5: 'Cascading Hallucination Attacks',
  T6: 'Intent Breaking & Goal Manipulation',
  T7: 'Misaligned & Deceptive Behaviors',
  T8: 'Repudiation & Untraceability',
  T9: 'Identity Spoofing & Impersonation',
  T10: 'Overwhelming Human in the Loop',
  T11: 'Unexpected RCE and Code Attacks',
  T12: 'Agent Communication Poisoning',
  T13: 'Rogue Agents in Multi-Agent Systems',
  T14: 'Human Attacks on Multi-Agent Systems',
  T15: 'Human Manipulation',
  T16: 'Insecure Inter-Agent Protocol Abuse',
  T17: 'Supply Chain Compromise',
  ASI01: 'Agent Goal Hijack',
  ASI02: 'Tool Misuse & Exploitation',
  ASI03: 'Identity & Privilege Abuse',
  ASI04: 'Agentic Supply Chain Vulnerabilities',
  ASI05: 'Unexpected Code Execution (RCE)',
  ASI06: 'Memory & Context Poisoning',
  ASI07: 'Insecure Inter-Agent Communication',
  ASI08: 'Cascading Failures',
  ASI09: 'Human-Agent Trust Exploitation',
  ASI10: 'Rogue Agents',
};

export const TAXONOMY_SOURCES = [
  'Microsoft AI Red Team, Taxonomy of Failure Mode in Agentic AI Systems, v1.0 (April 2025)',
  'Microsoft Security Blog, Updating the taxonomy of failure modes in agentic AI systems (June 2026), v2.0',
  'OWASP Top 10 for LLM Applications 2025',
  'OWASP Agentic AI – Threats and Mitigations (T1–T17); OWASP Top 10 for Agentic Applications 2026 (ASI01–ASI10)',
] as const;
