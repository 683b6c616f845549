using LlmGateway.Json;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// Where <see cref="ChatRequestRewriter"/> edits a request body: the top-level <c>model</c> value and, for OpenAI
/// streams, <c>stream_options</c>. Offsets are into the body the layout was read from.
/// </summary>
/// <param name="Model">The <c>model</c> value (a string, with its quotes).</param>
/// <param name="StreamOptions">The <c>stream_options</c> value, when the body has one.</param>
/// <param name="StreamOptionsHoldIncludeUsageOnly"><c>stream_options</c> is an object whose only member is <c>include_usage</c>.</param>
internal readonly record struct ChatRequestLayout(JsonSlice Model, JsonSlice StreamOptions = default, bool StreamOptionsHoldIncludeUsageOnly = false);
