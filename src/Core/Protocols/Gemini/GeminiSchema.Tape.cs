using System.Buffers;
using System.Text.Unicode;
using System.Text.Json;
using LlmGateway.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>The tokens of a schema's UTF-8 text, read once, for the byte sanitiser to walk by index.</summary>
internal static partial class GeminiSchema
{
    /// <summary>Deep enough for any schema a document could hold; the sanitiser itself stops at <see cref="MaxDepth"/>.</summary>
    private static readonly JsonReaderOptions TapeOptions = new() { MaxDepth = 4096 };

    /// <summary>
    /// One token of a <see cref="Tape"/>. <see cref="Start"/> and <see cref="Length"/> are the raw bytes: a string's
    /// or a name's between its quotes (still escaped when <see cref="Escaped"/>), a number's text, a bracket.
    /// </summary>
    private struct Token
    {
        public JsonTokenType Type;
        public bool Escaped;
        public int Start;
        public int Length;

        /// <summary>The index of the token after this value: after a container's closing token, else the next one.</summary>
        public int Next;
    }

    /// <summary>
    /// A schema's text and its tokens, read with one <see cref="Utf8JsonReader"/> pass: a value is the index of its first
    /// token (the root is 0), <see cref="Token.Next"/> skips a container, and object members are a name followed by its
    /// value. What <see cref="JsonElement"/> offers the element sanitiser — kinds, members, last member of a name wins,
    /// unescaped comparisons, <see cref="JsonElement.WriteTo"/> — with no document built. Index -1 is "absent".
    /// </summary>
    private readonly ref struct Tape
    {
        private readonly ReadOnlySpan<byte> _json;
        private readonly Token[] _tokens;

        private Tape(ReadOnlySpan<byte> json, Token[] tokens)
        {
            _json = json;
            _tokens = tokens;
        }

        /// <summary>Reads <paramref name="json"/> (one valid JSON value, or nothing) into <paramref name="tokens"/>, grown when needed.</summary>
        public static Tape Read(ReadOnlySpan<byte> json, ref Token[] tokens)
        {
            tokens[0] = default;
            if (json.IsEmpty)
            {
                return new Tape(json, tokens);
            }

            var reader = new Utf8JsonReader(json, TapeOptions);
            var count = 0;
            var open = -1;
            while (reader.Read())
            {
                if (count == tokens.Length)
                {
                    Array.Resize(ref tokens, tokens.Length * 2);
                }

                ref var token = ref tokens[count];
                token.Type = reader.TokenType;
                token.Escaped = reader.ValueIsEscaped;
                token.Start = (int)reader.TokenStartIndex;
                token.Length = reader.ValueSpan.Length;
                token.Next = count + 1;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        // Open containers are chained through Next until they close.
                        token.Next = open;
                        open = count;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        var start = open;
                        open = tokens[start].Next;
                        tokens[start].Next = count + 1;
                        break;
                    case JsonTokenType.String or JsonTokenType.PropertyName:
                        token.Start++;
                        break;
                }

                count++;
            }

            return new Tape(json, tokens);
        }

        public JsonTokenType Type(int index) => index < 0 ? JsonTokenType.None : _tokens[index].Type;

        public int Next(int index) => _tokens[index].Next;

        public bool IsEscaped(int index) => _tokens[index].Escaped;

        /// <summary>A token's raw bytes; a string's or a name's without quotes and still escaped.</summary>
        public ReadOnlySpan<byte> Raw(int index) => _json.Slice(_tokens[index].Start, _tokens[index].Length);

        /// <summary>A container with at least one member or item.</summary>
        public bool HasMembers(int index) => _tokens[index + 1].Type is not (JsonTokenType.EndObject or JsonTokenType.EndArray);

        /// <summary>The value of the last member of <paramref name="utf8Name"/>, as <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/> finds it; -1 when none.</summary>
        public int Property(int obj, ReadOnlySpan<byte> utf8Name)
        {
            var found = -1;
            for (var name = obj + 1; Type(name) == JsonTokenType.PropertyName; name = Next(name + 1))
            {
                if (TextEquals(name, utf8Name))
                {
                    found = name + 1;
                }
            }

            return found;
        }

        public int ArrayLength(int array)
        {
            var length = 0;
            for (var item = array + 1; Type(item) != JsonTokenType.EndArray; item = Next(item))
            {
                length++;
            }

            return length;
        }

        public int Item(int array, int position)
        {
            var item = array + 1;
            for (; position > 0; position--)
            {
                item = Next(item);
            }

            return item;
        }

        /// <summary>Whether a string's or a name's unescaped text is <paramref name="utf8"/>.</summary>
        public bool TextEquals(int index, ReadOnlySpan<byte> utf8) =>
            _tokens[index].Escaped ? Quoted(index).ValueEquals(_json, utf8) : Raw(index).SequenceEqual(utf8);

        /// <summary>Whether two strings or names have the same unescaped text.</summary>
        public bool TextEquals(int index, int other)
        {
            if (!_tokens[index].Escaped)
            {
                return TextEquals(other, Raw(index));
            }

            if (!_tokens[other].Escaped)
            {
                return TextEquals(index, Raw(other));
            }

            byte[]? rented = null;
            var length = _tokens[index].Length;
            var buffer = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                return TextEquals(other, buffer[..Unescape(index, buffer)]);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>A string's or a name's text, as <see cref="Utf8JsonReader.GetString"/> gives it.</summary>
        public string GetString(int index) => Quoted(index).GetString(_json);

        /// <summary>Throws where <see cref="GetString"/> would (invalid UTF-8, a lone surrogate escape), without a string.</summary>
        public void CheckText(int index)
        {
            if (_tokens[index].Escaped)
            {
                _ = GetString(index);
            }
            else if (!Utf8.IsValid(Raw(index)))
            {
                throw new InvalidOperationException("Cannot transcode invalid UTF-8 JSON text to UTF-16 string.");
            }
        }

        /// <summary>Writes the value at <paramref name="index"/> as <see cref="JsonElement.WriteTo"/> would: token by token, strings unescaped.</summary>
        public void WriteValue(Utf8JsonWriter writer, int index)
        {
            var end = Next(index);
            for (var i = index; i < end; i++)
            {
                switch (_tokens[i].Type)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        WriteText(writer, i, name: true);
                        break;
                    case JsonTokenType.String:
                        WriteText(writer, i, name: false);
                        break;
                    case JsonTokenType.Number:
                        // The number's text as it is, as JsonElement.WriteTo writes it.
                        writer.WriteRawValue(Raw(i), skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                        writer.WriteBooleanValue(true);
                        break;
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(false);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }
        }

        /// <summary>Writes a string's or a name's unescaped text as a string value or a property name.</summary>
        public void WriteText(Utf8JsonWriter writer, int index, bool name)
        {
            if (!_tokens[index].Escaped)
            {
                Write(writer, Raw(index), name);
                return;
            }

            byte[]? rented = null;
            var length = _tokens[index].Length;
            var buffer = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                Write(writer, buffer[..Unescape(index, buffer)], name);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> text, bool name)
            {
                if (name)
                {
                    writer.WritePropertyName(text);
                }
                else
                {
                    writer.WriteStringValue(text);
                }
            }
        }

        /// <summary>An escaped string's or name's unescaped UTF-8 in <paramref name="destination"/> (as long as the raw text); its length.</summary>
        private int Unescape(int index, Span<byte> destination)
        {
            if (JsonUnescape.TryUnescape(Raw(index), destination, out var written))
            {
                return written;
            }

            // Surrogate escapes: the reader says what they mean (a pair, or an error for a lone one).
            var reader = new Utf8JsonReader(Quoted(index).Of(_json));
            reader.Read();
            return reader.CopyString(destination);
        }

        /// <summary>A string or a name as a <see cref="JsonSlice"/> of a string value, quotes included.</summary>
        private JsonSlice Quoted(int index) =>
            new(JsonTokenType.String, _tokens[index].Start - 1, _tokens[index].Length + 2, _tokens[index].Escaped);
    }
}
