using System.Text.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// JSON Schema → the OpenAPI subset Gemini accepts in <c>functionDeclarations[].parameters</c> and
/// <c>generationConfig.responseSchema</c> (docs/translation.md, "Schemas sent to Gemini"). Gemini rejects unknown
/// keywords with a 400, so the output keeps only: <c>type</c> (lower case; <c>[t, "null"]</c> → <c>t</c> +
/// <c>nullable</c>; several types → <c>anyOf</c>), <c>nullable</c>, <c>format</c> (strings: <c>enum</c>,
/// <c>date-time</c>; numbers: <c>float</c>, <c>double</c>; integers: <c>int32</c>, <c>int64</c>), <c>title</c>,
/// <c>description</c>, <c>enum</c> (strings only; <c>const</c> → a one-value enum; <c>null</c> values → nullable),
/// <c>properties</c> (empty ones left out), <c>required</c> (only names in <c>properties</c>), <c>items</c>,
/// <c>anyOf</c> (also from <c>oneOf</c>; <c>{"type":"null"}</c> branches → nullable, one branch left → merged),
/// <c>minimum</c>, <c>maximum</c>, <c>minItems</c>, <c>maxItems</c>, <c>minLength</c>, <c>maxLength</c>,
/// <c>minProperties</c>, <c>maxProperties</c>, <c>pattern</c>, <c>example</c>, <c>propertyOrdering</c>. Local
/// <c>$ref</c>s are inlined (a recursive one becomes <c>{"type":"object"}</c>), <c>allOf</c> members merged into
/// their schema; <c>$defs</c>/<c>definitions</c> and every other keyword are left out. It reads the schema's
/// UTF-8 text (<c>GeminiSchema.Utf8*.cs</c>: one <see cref="Utf8JsonReader"/> pass into a <see cref="Tape"/>, no
/// document, nothing allocated in steady state); the tests hold it byte for byte to a first version over
/// <see cref="JsonElement"/>s kept there as the reference.
/// </summary>
internal static partial class GeminiSchema
{
    private const int MaxDepth = 32;
    private const int MaxRefChain = 8;
}
