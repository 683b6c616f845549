namespace LlmGateway.LoadHarness;

/// <summary>A latency scenario: an OpenAI Chat Completions client, to an Anthropic upstream (translated) or an OpenAI one (pass-through).</summary>
internal sealed record Scenario(string Name, string Title, bool Stream, bool Translated)
{
    /// <summary>The 1,000-stream fan-out is not a latency scenario; this is its name for <c>--scenario</c>.</summary>
    public const string FanOutName = "fanout";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("translated", "non-stream, translated (OpenAI → Anthropic)", Stream: false, Translated: true),
        new("passthrough", "non-stream, pass-through (OpenAI → OpenAI)", Stream: false, Translated: false),
        new("stream-translated", "stream, translated (OpenAI → Anthropic)", Stream: true, Translated: true),
        new("stream-passthrough", "stream, pass-through (OpenAI → OpenAI)", Stream: true, Translated: false),
    ];

    /// <summary>The model the client asks the gateway for.</summary>
    public string GatewayModel => Translated
        ? GatewayHost.AnthropicProvider + "/" + Payloads.AnthropicModel
        : GatewayHost.OpenAIProvider + "/" + Payloads.OpenAIModel;

    /// <summary>The upstream path on the mock (and on the bare proxy).</summary>
    public string UpstreamPath => Translated ? "v1/messages" : "v1/chat/completions";

    /// <summary>Key of the upstream body the gateway sent, as the mock captures it.</summary>
    public string CaptureKey => "/" + UpstreamPath + (Stream ? " stream" : "");
}
