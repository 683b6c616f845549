namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    /// <summary>The top-level request properties the decoder knows.</summary>
    private enum RequestField
    {
        /// <summary>No canonical place: an extension.</summary>
        Other,
        Model,
        Messages,
        Tools,
        ToolChoice,
        ParallelToolCalls,
        MaxCompletionTokens,
        MaxTokens,
        Temperature,
        TopP,
        Stop,
        ReasoningEffort,
        ResponseFormat,
        User,
        Stream,
        StreamOptions,

        /// <summary>Storage, billing, caching and abuse-tracking hints: dropped.</summary>
        Dropped,
        N,
        Logprobs,
        PresencePenalty,
        FrequencyPenalty,
        Modalities,
        LogitBias,
        TopLogprobs,
        Seed,
        Audio,
        Prediction,
        WebSearchOptions,
    }

    /// <summary>A top-level property by its (unescaped UTF-8) name.</summary>
    private static RequestField RequestFieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        1 when name[0] == (byte)'n' => RequestField.N,
        4 when name.SequenceEqual("stop"u8) => RequestField.Stop,
        4 when name.SequenceEqual("user"u8) => RequestField.User,
        4 when name.SequenceEqual("seed"u8) => RequestField.Seed,
        5 when name.SequenceEqual("model"u8) => RequestField.Model,
        5 when name.SequenceEqual("tools"u8) => RequestField.Tools,
        5 when name.SequenceEqual("top_p"u8) => RequestField.TopP,
        5 when name.SequenceEqual("store"u8) => RequestField.Dropped,
        5 when name.SequenceEqual("audio"u8) => RequestField.Audio,
        6 when name.SequenceEqual("stream"u8) => RequestField.Stream,
        8 when name.SequenceEqual("messages"u8) => RequestField.Messages,
        8 when name.SequenceEqual("logprobs"u8) => RequestField.Logprobs,
        8 when name.SequenceEqual("metadata"u8) => RequestField.Dropped,
        10 when name.SequenceEqual("max_tokens"u8) => RequestField.MaxTokens,
        10 when name.SequenceEqual("modalities"u8) => RequestField.Modalities,
        10 when name.SequenceEqual("logit_bias"u8) => RequestField.LogitBias,
        10 when name.SequenceEqual("prediction"u8) => RequestField.Prediction,
        11 when name.SequenceEqual("tool_choice"u8) => RequestField.ToolChoice,
        11 when name.SequenceEqual("temperature"u8) => RequestField.Temperature,
        12 when name.SequenceEqual("service_tier"u8) => RequestField.Dropped,
        12 when name.SequenceEqual("top_logprobs"u8) => RequestField.TopLogprobs,
        14 when name.SequenceEqual("stream_options"u8) => RequestField.StreamOptions,
        15 when name.SequenceEqual("response_format"u8) => RequestField.ResponseFormat,
        16 when name.SequenceEqual("reasoning_effort"u8) => RequestField.ReasoningEffort,
        16 when name.SequenceEqual("presence_penalty"u8) => RequestField.PresencePenalty,
        16 when name.SequenceEqual("prompt_cache_key"u8) => RequestField.Dropped,
        17 when name.SequenceEqual("frequency_penalty"u8) => RequestField.FrequencyPenalty,
        17 when name.SequenceEqual("safety_identifier"u8) => RequestField.Dropped,
        18 when name.SequenceEqual("web_search_options"u8) => RequestField.WebSearchOptions,
        19 when name.SequenceEqual("parallel_tool_calls"u8) => RequestField.ParallelToolCalls,
        21 when name.SequenceEqual("max_completion_tokens"u8) => RequestField.MaxCompletionTokens,
        _ => RequestField.Other,
    };
}
