using LlmGateway.Translation;

namespace LlmGateway.Tests.Golden;

/// <summary>Each <see cref="GoldenDirection"/>'s folder name and the wire formats of its client and its upstream.</summary>
internal static class GoldenDirections
{
    private static readonly (GoldenDirection Direction, string Folder, WireFormat Client, WireFormat Upstream)[] Table =
    [
        (GoldenDirection.OpenAIToAnthropic, "openai-to-anthropic", WireFormat.OpenAIChat, WireFormat.AnthropicMessages),
        (GoldenDirection.AnthropicToOpenAI, "anthropic-to-openai", WireFormat.AnthropicMessages, WireFormat.OpenAIChat),
        (GoldenDirection.OpenAIToGemini, "openai-to-gemini", WireFormat.OpenAIChat, WireFormat.Gemini),
        (GoldenDirection.GeminiToOpenAI, "gemini-to-openai", WireFormat.Gemini, WireFormat.OpenAIChat),
        (GoldenDirection.AnthropicToGemini, "anthropic-to-gemini", WireFormat.AnthropicMessages, WireFormat.Gemini),
        (GoldenDirection.GeminiToAnthropic, "gemini-to-anthropic", WireFormat.Gemini, WireFormat.AnthropicMessages),
        (GoldenDirection.ResponsesToOpenAI, "responses-to-openai", WireFormat.OpenAIResponses, WireFormat.OpenAIChat),
        (GoldenDirection.ResponsesToAnthropic, "responses-to-anthropic", WireFormat.OpenAIResponses, WireFormat.AnthropicMessages),
        (GoldenDirection.OpenAIToResponses, "openai-to-responses", WireFormat.OpenAIChat, WireFormat.OpenAIResponses),
        (GoldenDirection.AnthropicToResponses, "anthropic-to-responses", WireFormat.AnthropicMessages, WireFormat.OpenAIResponses),
    ];

    public static IEnumerable<string> Folders => Table.Select(row => row.Folder);

    public static GoldenDirection FromFolder(string folder)
    {
        foreach (var row in Table)
        {
            if (row.Folder == folder)
            {
                return row.Direction;
            }
        }

        throw new InvalidOperationException($"Unknown golden direction folder '{folder}'.");
    }

    public static WireFormat Client(this GoldenDirection direction) => Row(direction).Client;

    public static WireFormat Upstream(this GoldenDirection direction) => Row(direction).Upstream;

    private static (GoldenDirection Direction, string Folder, WireFormat Client, WireFormat Upstream) Row(GoldenDirection direction)
    {
        foreach (var row in Table)
        {
            if (row.Direction == direction)
            {
                return row;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(direction), direction, "No golden folder for this direction.");
    }
}
