using System.Buffers;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>What one schema pulls in, read from a <see cref="Tape"/>: the byte twin of <see cref="Node"/>.</summary>
internal static partial class GeminiSchema
{
    /// <summary>One source of a <see cref="Utf8Node"/>, with its last <c>properties</c> and <c>required</c> member (-1: none), as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> finds them.</summary>
    private readonly record struct Utf8Source(int Schema, int Properties, int Required);

    /// <summary>
    /// <see cref="Node"/> over a <see cref="Tape"/>: one schema with its <c>$ref</c> target, <c>allOf</c> members and
    /// single non-null <c>anyOf</c>/<c>oneOf</c> branch, in precedence order; each keyword keeps the first value found.
    /// </summary>
    private sealed class Utf8Node
    {
        /// <summary>The keywords from <see cref="Keyword.Minimum"/> to <see cref="Keyword.PropertyOrdering"/>, as bits of <see cref="_found"/>.</summary>
        private const uint CopiedAsTheyAre = (2u << (int)Keyword.PropertyOrdering) - (1u << (int)Keyword.Minimum);

        private readonly int[] _slots = new int[(int)Keyword.Count];

        /// <summary>One bit per keyword with a value in <see cref="_slots"/>; the other slots hold stale indices.</summary>
        private uint _found;

        public List<Utf8Source> Sources { get; } = new(2);

        public bool Nullable { get; private set; }

        public bool Recursive { get; private set; }

        /// <summary>Some source has a non-empty <c>properties</c> object.</summary>
        public bool HasProperties { get; private set; }

        public bool HasRequired { get; private set; }

        /// <summary>References pushed on <see cref="Utf8Context.ActiveRefs"/> for this node; popped once it is written.</summary>
        public int PushedRefs { get; private set; }

        /// <summary>The keyword's value (a token index), -1 when absent.</summary>
        public int Get(Keyword keyword) => Has(keyword) ? _slots[(int)keyword] : -1;

        public bool Has(Keyword keyword) => (_found & (1u << (int)keyword)) != 0;

        /// <summary>Writes the keyword's value as it is, when there is one.</summary>
        public void Copy(Utf8JsonWriter writer, in Tape tape, Keyword keyword)
        {
            if (Has(keyword))
            {
                Write(writer, tape, (int)keyword);
            }
        }

        /// <summary>Writes the keywords from <see cref="Keyword.Minimum"/> to <see cref="Keyword.PropertyOrdering"/> that have a value, in that order.</summary>
        public void CopyTheRest(Utf8JsonWriter writer, in Tape tape)
        {
            for (var found = _found & CopiedAsTheyAre; found != 0; found &= found - 1)
            {
                Write(writer, tape, BitOperations.TrailingZeroCount(found));
            }
        }

        private void Write(Utf8JsonWriter writer, in Tape tape, int keyword)
        {
            var value = _slots[keyword];
            if (tape.Type(value) == JsonTokenType.String && !tape.IsEscaped(value))
            {
                // The usual title or description: name and value in one call.
                writer.WriteString(Names[keyword], tape.Raw(value));
            }
            else
            {
                writer.WritePropertyName(Names[keyword]);
                tape.WriteValue(writer, value);
            }
        }

        public void Collect(in Tape tape, int schema, Utf8Context context)
        {
            Sources.Clear();
            _found = 0;
            Nullable = Recursive = HasProperties = HasRequired = false;
            PushedRefs = 0;
            Add(tape, schema, context, 0);
        }

        private void Add(in Tape tape, int schema, Utf8Context context, int level)
        {
            if (tape.Type(schema) != JsonTokenType.StartObject || level > MaxRefChain)
            {
                return;
            }

            int reference = -1, all = -1, branches = -1, properties = -1, required = -1;
            for (var name = schema + 1; tape.Type(name) == JsonTokenType.PropertyName; name = tape.Next(name + 1))
            {
                var value = name + 1;
                if (tape.IsEscaped(name))
                {
                    // No keyword by its raw name, but found by its text (TryGetProperty) when merging properties and required.
                    if (tape.TextEquals(name, "properties"u8))
                    {
                        properties = value;
                    }
                    else if (tape.TextEquals(name, "required"u8))
                    {
                        required = value;
                    }

                    continue;
                }

                var keyword = KeywordOf(tape.Raw(name));
                switch (keyword)
                {
                    case Keyword.None:
                        continue;
                    case Keyword.Ref:
                        reference = value;
                        continue;
                    case Keyword.AllOf:
                        all = value;
                        continue;
                    case Keyword.Properties:
                        properties = value;
                        HasProperties |= tape.Type(value) == JsonTokenType.StartObject && tape.HasMembers(value);
                        continue;
                    case Keyword.Required:
                        required = value;
                        HasRequired = true;
                        continue;
                    case Keyword.AnyOf or Keyword.OneOf when branches < 0:
                        branches = value;
                        break;
                }

                if (tape.Type(value) != JsonTokenType.Null && !Has(keyword))
                {
                    _slots[(int)keyword] = value;
                    _found |= 1u << (int)keyword;
                }
            }

            Sources.Add(new Utf8Source(schema, properties, required));
            if (tape.Type(reference) == JsonTokenType.String)
            {
                var path = tape.GetString(reference);
                if (context.ActiveRefs.Contains(path))
                {
                    Recursive = true;
                    return;
                }

                var target = Resolve(tape, path);
                if (target >= 0)
                {
                    context.ActiveRefs.Add(path);
                    PushedRefs++;
                    Add(tape, target, context, level + 1);
                }
            }

            if (tape.Type(all) == JsonTokenType.StartArray)
            {
                for (var member = all + 1; tape.Type(member) != JsonTokenType.EndArray; member = tape.Next(member))
                {
                    Add(tape, member, context, level + 1);
                }
            }

            if (tape.Type(branches) == JsonTokenType.StartArray && CountNonNull(tape, branches, out _) <= 1)
            {
                for (var branch = branches + 1; tape.Type(branch) != JsonTokenType.EndArray; branch = tape.Next(branch))
                {
                    if (IsNullSchema(tape, branch))
                    {
                        Nullable = true;
                    }
                    else
                    {
                        Add(tape, branch, context, level + 1);
                    }
                }
            }
        }

        /// <summary>A local JSON pointer (<c>#/$defs/Item</c>); -1 for anything else or a pointer to nothing.</summary>
        private static int Resolve(in Tape tape, string reference)
        {
            if (reference == "#")
            {
                return 0;
            }

            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                return -1;
            }

            var current = 0;
            foreach (var raw in reference[2..].Split('/'))
            {
                var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                var next = tape.Type(current) == JsonTokenType.StartObject ? Member(tape, current, token) : -1;
                if (next >= 0)
                {
                    current = next;
                }
                else if (tape.Type(current) == JsonTokenType.StartArray && int.TryParse(token, out var index) && index >= 0 && index < tape.ArrayLength(current))
                {
                    current = tape.Item(current, index);
                }
                else
                {
                    return -1;
                }
            }

            return current;
        }

        private static int Member(in Tape tape, int obj, string name)
        {
            byte[]? rented = null;
            var length = Encoding.UTF8.GetMaxByteCount(name.Length);
            var buffer = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                return tape.Property(obj, buffer[..Encoding.UTF8.GetBytes(name, buffer)]);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
