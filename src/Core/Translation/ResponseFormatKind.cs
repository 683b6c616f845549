namespace LlmGateway.Translation;

internal enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}
