using System.Text.Json.Nodes;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Golden;

/// <summary>
/// A case's optional <c>case.json</c>: the upstream <c>model</c> the request is encoded for (a Gemini upstream takes
/// it in the URL, not the body); for a Gemini client, what its URL says — <c>urlModel</c>
/// (<c>/v1beta/{urlModel}:generateContent</c>) and <c>stream</c> (<c>:streamGenerateContent</c>); and what the gateway
/// supplies to the client's encoders: <c>includeUsage</c> and <c>created</c> (the clock, for an OpenAI or Responses
/// client's stream and for its non-stream body when the upstream gave no timestamp), <c>estimatedInputTokens</c> (an
/// Anthropic or Responses client's stream, when the upstream reported no usage).
/// </summary>
internal sealed record GoldenCaseSettings
{
    public const string FileName = "case.json";

    private static readonly string[] Known = ["model", "urlModel", "stream", "includeUsage", "created", "estimatedInputTokens"];

    public required string Model { get; init; }

    public required string UrlModel { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    public long Created { get; init; }

    public long EstimatedInputTokens { get; init; }

    public static GoldenCaseSettings Read(string directory, GoldenDirection direction)
    {
        var defaultModel = direction.Upstream() switch
        {
            WireFormat.AnthropicMessages => "claude-sonnet-4-5",
            WireFormat.Gemini => "gemini-2.5-flash",
            WireFormat.OpenAIResponses => "gpt-5",
            _ => "gpt-4.1",
        };
        const string DefaultUrlModel = "models/gemini-alias";
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return new GoldenCaseSettings { Model = defaultModel, UrlModel = DefaultUrlModel };
        }

        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidOperationException($"{path} must hold a JSON object.");
        foreach (var (name, _) in root)
        {
            if (!Known.Contains(name))
            {
                throw new InvalidOperationException($"{path}: unknown setting '{name}'.");
            }
        }

        if (direction.Client() != WireFormat.Gemini && (root["urlModel"] is not null || root["stream"] is not null))
        {
            throw new InvalidOperationException($"{path}: 'urlModel' and 'stream' are for Gemini clients, whose URL carries them.");
        }

        return new GoldenCaseSettings
        {
            Model = root["model"]?.GetValue<string>() ?? defaultModel,
            UrlModel = root["urlModel"]?.GetValue<string>() ?? DefaultUrlModel,
            Stream = root["stream"]?.GetValue<bool>() ?? false,
            IncludeUsage = root["includeUsage"]?.GetValue<bool>() ?? false,
            Created = root["created"]?.GetValue<long>() ?? 0,
            EstimatedInputTokens = root["estimatedInputTokens"]?.GetValue<long>() ?? 0,
        };
    }
}
