using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Golden;

/// <summary>
/// A case's optional <c>case.json</c>: the upstream model the request is encoded for, and what the gateway supplies
/// to the client's encoders: <c>includeUsage</c> and <c>created</c> (the clock, for an OpenAI client's stream and for
/// its non-stream body when the upstream gave no timestamp), <c>estimatedInputTokens</c> (an Anthropic client's stream).
/// </summary>
internal sealed record GoldenCaseSettings
{
    public const string FileName = "case.json";

    public required string Model { get; init; }

    public bool IncludeUsage { get; init; }

    public long Created { get; init; }

    public long EstimatedInputTokens { get; init; }

    public static GoldenCaseSettings Read(string directory, GoldenDirection direction)
    {
        var defaultModel = direction == GoldenDirection.OpenAIToAnthropic ? "claude-sonnet-4-5" : "gpt-4.1";
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return new GoldenCaseSettings { Model = defaultModel };
        }

        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidOperationException($"{path} must hold a JSON object.");
        foreach (var (name, _) in root)
        {
            if (name is not ("model" or "includeUsage" or "created" or "estimatedInputTokens"))
            {
                throw new InvalidOperationException($"{path}: unknown setting '{name}'.");
            }
        }

        return new GoldenCaseSettings
        {
            Model = root["model"]?.GetValue<string>() ?? defaultModel,
            IncludeUsage = root["includeUsage"]?.GetValue<bool>() ?? false,
            Created = root["created"]?.GetValue<long>() ?? 0,
            EstimatedInputTokens = root["estimatedInputTokens"]?.GetValue<long>() ?? 0,
        };
    }
}
