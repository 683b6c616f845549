using System.Text.Json.Serialization;
using LlmGateway.Configuration;
using LlmGateway.Hosting;
using LlmGateway.Management;
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
[JsonSerializable(typeof(GatewayOptions))]
[JsonSerializable(typeof(ManagementError))]
[JsonSerializable(typeof(UsageSummaryView))]
[JsonSerializable(typeof(UsageHistoryView))]
[JsonSerializable(typeof(UsageRecordView))]
[JsonSerializable(typeof(UsageImportResult))]
[JsonSerializable(typeof(CredentialView))]
[JsonSerializable(typeof(ManagementList<CredentialView>))]
[JsonSerializable(typeof(ClientKeyView))]
[JsonSerializable(typeof(ManagementList<ClientKeyView>))]
[JsonSerializable(typeof(ManagementList<ManagedModelView>))]
[JsonSerializable(typeof(ClientUsageView))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
