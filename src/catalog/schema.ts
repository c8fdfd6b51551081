const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

const moduleCalls = {
  type: 'object',
  required: ['module', 'calls'],
  additionalProperties: false,
  properties: { module: { type: 'string', minLength: 1 }, calls: stringList },
} as const;

export const clientEntrySchema = {
  type: 'object',
  required: ['id', 'kind', 'modules', 'operations'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    kind: { enum: ['http', 'llm', 'vector-store'] },
    modules: { ...stringList, minItems: 1 },
    exports: stringList,
    operations: { type: 'object', additionalProperties: stringList, minProperties: 1 },
    throwsOnHttpError: { type: 'boolean' },
    disablesThrowing: stringList,
    statusProperties: stringList,
    bodyReaders: { type: 'array', items: { type: 'string' } },
    bodyIsResult: { type: 'boolean' },
    retry: {
      type: 'object',
      required: ['builtIn'],
      additionalProperties: false,
      properties: {
        builtIn: { type: 'boolean' },
        option: { type: 'string' },
        disabledWhen: { type: 'array', items: { type: ['number', 'string', 'boolean'] } },
        addOnModules: stringList,
      },
    },
    timeout: {
      type: 'object',
      required: ['options'],
      additionalProperties: false,
      properties: {
        options: { type: 'array', items: { type: 'string' } },
        chainMethods: stringList,
        defaultMs: { type: 'number', minimum: 0 },
        disabledWhen: { type: 'array', items: { type: ['number', 'string', 'boolean'] } },
      },
    },
    expiryOptions: stringList,
    backend: { type: 'string', minLength: 1 },
    filterArguments: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
  },
} as const;

const textSplitterSchema = {
  type: 'object',
  required: ['id', 'modules', 'calls', 'overlapOptions', 'defaultOverlap', 'structureAware'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    modules: { ...stringList, minItems: 1 },
    calls: { ...stringList, minItems: 1 },
    overlapOptions: stringList,
    defaultOverlap: { type: 'number', minimum: 0 },
    structureAware: { type: 'boolean' },
    strategy: {
      type: 'object',
      required: ['option', 'values'],
      additionalProperties: false,
      properties: { option: { type: 'string', minLength: 1 }, values: { ...stringList, minItems: 1 } },
    },
  },
} as const;

const argumentRef = { argument: { type: 'integer' }, property: { type: 'string', minLength: 1 } } as const;

export const schedulerEntrySchema = {
  type: 'object',
  required: ['id', 'modules', 'calls', 'schedule'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    modules: { ...stringList, minItems: 1 },
    calls: { ...stringList, minItems: 1 },
    schedule: {
      type: 'object',
      required: ['argument', 'formats'],
      additionalProperties: false,
      properties: { ...argumentRef, formats: { type: 'array', minItems: 1, items: { enum: ['cron', 'human-interval', 'milliseconds', 'duration-object', 'recurrence-rule'] } } },
    },
    callback: {
      type: 'object',
      required: ['argument'],
      additionalProperties: false,
      properties: {
        ...argumentRef,
        task: { type: 'object', required: ['calls', 'argument'], additionalProperties: false, properties: { calls: stringList, argument: { type: 'integer' } } },
        definedBy: { type: 'object', required: ['calls'], additionalProperties: false, properties: { calls: stringList } },
      },
    },
    namedSchedules: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
  },
} as const;

/** JSON schema of one catalog YAML file (and of inline catalog additions in config). */
export const catalogFragmentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    entries: { type: 'array', items: clientEntrySchema },
    retryLibraries: { type: 'array', items: moduleCalls },
    retryReceivers: {
      type: 'array',
      items: { type: 'object', required: ['names', 'methods'], additionalProperties: false, properties: { names: stringList, methods: stringList } },
    },
    validators: {
      type: 'object',
      additionalProperties: false,
      properties: { modules: stringList, methods: stringList },
    },
    remoteModules: stringList,
    sleepFunctions: { type: 'array', items: moduleCalls },
    textSplitters: { type: 'array', items: textSplitterSchema },
    embeddingCalls: { type: 'array', items: moduleCalls },
    schedulers: { type: 'array', items: schedulerEntrySchema },
    agents: {
      type: 'object',
      additionalProperties: false,
      properties: {
        toolDefinitions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'module', 'calls', 'schemaKeys'],
            additionalProperties: false,
            properties: { id: { type: 'string' }, module: { type: 'string' }, calls: stringList, schemaKeys: stringList, positionalSchema: { type: 'boolean' }, tracedByDefault: { type: 'boolean' } },
          },
        },
        destructiveVerbs: stringList,
        loggingReceivers: stringList,
        loggingMethods: stringList,
        loggingModules: stringList,
        modelFactories: { type: 'array', items: moduleCalls },
        modelKeys: stringList,
        promptKeys: stringList,
        mcpClientTransports: { type: 'array', items: moduleCalls },
        mcpServers: { type: 'array', items: moduleCalls },
        httpServers: { type: 'array', items: moduleCalls },
      },
    },
    retrieval: {
      type: 'object',
      additionalProperties: false,
      properties: {
        verifyingOptions: stringList,
        verifyingCalls: stringList,
        carriers: { type: 'array', items: moduleCalls },
        documentReaders: stringList,
        promptTemplates: { type: 'array', items: moduleCalls },
      },
    },
    history: {
      type: 'object',
      additionalProperties: false,
      properties: {
        memoryClasses: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'module', 'calls', 'boundOptions'],
            additionalProperties: false,
            properties: {
              id: { type: 'string', minLength: 1 },
              module: { type: 'string', minLength: 1 },
              calls: stringList,
              boundOptions: stringList,
              boundedByDefault: { type: 'boolean' },
              unboundedWhen: { type: 'array', items: { type: ['number', 'string', 'boolean'] } },
            },
          },
        },
        trimmers: { type: 'array', items: moduleCalls },
        boundingWords: stringList,
        messageClasses: { type: 'array', items: moduleCalls },
        messageTypes: stringList,
        roles: stringList,
        messageOptions: stringList,
        listenerMethods: stringList,
        interactiveInputs: { type: 'array', items: moduleCalls },
      },
    },
    memory: {
      type: 'object',
      additionalProperties: false,
      properties: {
        writes: {
          type: 'array',
          items: { ...moduleCalls, required: ['id', 'module', 'calls'], properties: { ...moduleCalls.properties, id: { type: 'string', minLength: 1 }, contentArgument: { type: 'integer', minimum: 0 } } },
        },
        webContent: { type: 'array', items: moduleCalls },
        webLoaders: { type: 'array', items: moduleCalls },
        documentContentKeys: stringList,
        requestTypes: stringList,
        requestMembers: stringList,
        requestReaders: stringList,
        requestContextMembers: stringList,
        nonTextModelCalls: stringList,
        toolContextKeys: stringList,
        moderation: { type: 'array', items: moduleCalls },
        validationPrefixes: stringList,
        provenanceKeys: stringList,
      },
    },
    humanApproval: {
      type: 'object',
      additionalProperties: false,
      properties: {
        verbs: stringList,
        toolOptions: stringList,
        agentOptions: stringList,
        calls: { type: 'array', items: moduleCalls },
        methods: stringList,
        callNames: stringList,
        guardWords: stringList,
        dryRunOptions: stringList,
        dryRunWords: stringList,
        ignoredCalls: stringList,
        inMemoryClasses: stringList,
        inMemoryMembers: stringList,
        internalObjects: stringList,
        hostConfirmed: stringList,
        readOnlyHints: stringList,
        destructiveHints: stringList,
      },
    },
    secrets: {
      type: 'object',
      additionalProperties: false,
      properties: {
        formats: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'provider', 'pattern'],
            additionalProperties: false,
            properties: {
              id: { type: 'string', minLength: 1 },
              provider: { type: 'string', minLength: 1 },
              pattern: { type: 'string', minLength: 4 },
              names: stringList,
              minEntropy: { type: 'number', minimum: 0, maximum: 8 },
            },
          },
        },
        credentialNames: stringList,
        nonCredentialQualifiers: stringList,
        publicKeyPatterns: stringList,
        publicConfigKeys: stringList,
        documentationKeys: stringList,
        placeholderWords: stringList,
        nameValueSetters: stringList,
        minLength: { type: 'integer', minimum: 1 },
        minEntropy: { type: 'number', minimum: 0, maximum: 8 },
        formatMinEntropy: { type: 'number', minimum: 0, maximum: 8 },
      },
    },
    observability: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tracingModules: stringList,
        autoInstrumentationModules: stringList,
        tracingWrappers: stringList,
        telemetryOptions: stringList,
        tracedParameters: stringList,
        evalModules: stringList,
        evalFiles: stringList,
      },
    },
  },
} as const;
