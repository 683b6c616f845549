using System.Text.Json.Serialization;
using LlmGateway.Hosting;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Protocols.OpenAI;

namespace LlmGateway.Json;

/// <summary>The source-generated serializer for every type the gateway writes with <see cref="System.Text.Json.JsonSerializer"/>.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(OpenAIModelList))]
[JsonSerializable(typeof(OpenAIModel))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(AnthropicModelList))]
[JsonSerializable(typeof(AnthropicModel))]
[JsonSerializable(typeof(GeminiModelList))]
[JsonSerializable(typeof(GeminiModel))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
