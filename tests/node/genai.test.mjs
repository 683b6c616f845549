// The official Google Gen AI JavaScript SDK (@google/genai) against the gateway's Gemini surface.
// Driven by tests/LlmGateway.Tests/EndToEnd/GenAINodeClientTests.cs, which starts an OpenAI-compatible fake
// upstream and the gateway, then runs `node --test genai.test.mjs` here with GATEWAY_URL and GATEWAY_KEY set.
// The fake upstream serves the model "gpt-4o" and picks its answer from the request it receives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoogleGenAI } from '@google/genai';

const baseUrl = process.env.GATEWAY_URL;
const apiKey = process.env.GATEWAY_KEY;
const model = 'gpt-4o';

assert.ok(baseUrl, 'GATEWAY_URL is not set (the gateway root, e.g. http://127.0.0.1:5000)');
assert.ok(apiKey, 'GATEWAY_KEY is not set (a client key of the gateway)');

const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });

const weatherTool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parametersJsonSchema: {
        type: 'object',
        properties: { city: { type: 'string', description: 'City name' } },
        required: ['city'],
        additionalProperties: false,
      },
    },
  ],
};

test('generateContent returns the upstream text, finish reason and usage', async () => {
  const response = await ai.models.generateContent({
    model,
    contents: 'Say hello',
    config: { systemInstruction: 'You are terse.', temperature: 0.2, maxOutputTokens: 64 },
  });

  assert.equal(response.text, 'Hello from the gateway');
  assert.equal(response.candidates.length, 1);
  assert.equal(response.candidates[0].content.role, 'model');
  assert.equal(response.candidates[0].finishReason, 'STOP');
  assert.equal(response.usageMetadata.promptTokenCount, 11);
  assert.equal(response.usageMetadata.cachedContentTokenCount, 5);
  assert.equal(response.usageMetadata.totalTokenCount, 14);
  assert.equal(response.functionCalls, undefined);
});

test('generateContentStream yields the upstream text in order, then the finish reason and usage', async () => {
  const stream = await ai.models.generateContentStream({ model, contents: 'Stream please' });

  let text = '';
  let chunks = 0;
  let finishReason;
  let usage;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.text ?? '';
    finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    usage = chunk.usageMetadata ?? usage;
  }

  assert.equal(text, 'Hello');
  assert.ok(chunks >= 2, `expected the text in several chunks, got ${chunks}`);
  assert.equal(finishReason, 'STOP');
  assert.equal(usage.promptTokenCount, 9);
  assert.equal(usage.totalTokenCount, 11);
});

test('countTokens is answered with a positive total', async () => {
  const response = await ai.models.countTokens({ model, contents: 'How many tokens is this sentence?' });

  assert.equal(typeof response.totalTokens, 'number');
  assert.ok(response.totalTokens > 0, `totalTokens is ${response.totalTokens}`);
});

test('function calling: the call comes back with an id, and its functionResponse completes the turn', async () => {
  const question = { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] };
  const first = await ai.models.generateContent({ model, contents: [question], config: { tools: [weatherTool] } });

  assert.equal(first.candidates[0].finishReason, 'STOP');
  const calls = first.functionCalls;
  assert.equal(calls?.length, 1, `expected one function call, got ${JSON.stringify(first.candidates)}`);
  const [call] = calls;
  assert.equal(call.id, 'call_weather_1');
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(call.args, { city: 'Paris' });

  const answer = {
    role: 'user',
    parts: [{ functionResponse: { id: call.id, name: call.name, response: { result: '18°C, sunny' } } }],
  };
  const second = await ai.models.generateContent({
    model,
    contents: [question, first.candidates[0].content, answer],
    config: { tools: [weatherTool] },
  });

  assert.equal(second.text, 'It is 18°C and sunny in Paris.');
  assert.equal(second.functionCalls, undefined);
});
