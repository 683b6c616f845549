using System.Text.Json;

using LlmGateway.Protocols.Gemini;

namespace LlmGateway.Tests.Unit.Protocols.Gemini.Reference;

/// <summary>What one schema pulls in: its <c>$ref</c> target, its <c>allOf</c> members, a lone <c>anyOf</c> branch.</summary>
internal static partial class ReferenceGeminiSchema
{
    /// <summary>
    /// One sanitising run: the document's root (for <c>$ref</c>), the references being inlined on the current path,
    /// and a <see cref="Node"/> and a name set per depth, reused across siblings — and across runs on a thread
    /// (<see cref="Start"/>, <see cref="Finish"/>): every tool of every request sanitises its schema.
    /// </summary>
    private sealed class Context
    {
        [ThreadStatic]
        private static Context? t_idle;

        private readonly List<Node> _nodes = [];
        private readonly List<HashSet<string>> _names = [];

        public JsonElement Root { get; private set; }

        /// <summary>A context for one run over <paramref name="root"/>: this thread's idle one, or a new one.</summary>
        public static Context Start(JsonElement root)
        {
            var context = t_idle ?? new Context();
            t_idle = null;
            context.Root = root;
            return context;
        }

        /// <summary>Ends the run: lets go of the schema's elements and keeps the context for the thread's next run.</summary>
        public void Finish()
        {
            Root = default;
            ActiveRefs.Clear();
            foreach (var node in _nodes)
            {
                node.Release();
            }

            foreach (var names in _names)
            {
                names.Clear();
            }

            t_idle = this;
        }

        public List<string> ActiveRefs { get; } = [];

        public Node Rent(int depth)
        {
            while (_nodes.Count <= depth)
            {
                _nodes.Add(new Node());
            }

            return _nodes[depth];
        }

        /// <summary>An empty set for the property names of the node at <paramref name="depth"/>.</summary>
        public HashSet<string> Names(int depth)
        {
            while (_names.Count <= depth)
            {
                _names.Add(new HashSet<string>(StringComparer.Ordinal));
            }

            var names = _names[depth];
            names.Clear();
            return names;
        }
    }

    /// <summary>
    /// One schema with what it pulls in, in precedence order: itself, its <c>$ref</c> target, its <c>allOf</c>
    /// members, and the single non-null branch of an <c>anyOf</c>/<c>oneOf</c>. Each keyword keeps the first value
    /// found, read in one pass over each source.
    /// </summary>
    private sealed class Node
    {
        private readonly JsonElement[] _slots = new JsonElement[(int)Keyword.Count];

        public List<JsonElement> Sources { get; } = new(2);

        public bool Nullable { get; private set; }

        public bool Recursive { get; private set; }

        /// <summary>Some source has a non-empty <c>properties</c> object.</summary>
        public bool HasProperties { get; private set; }

        public bool HasRequired { get; private set; }

        /// <summary>References pushed on <see cref="Context.ActiveRefs"/> for this node; popped once it is written.</summary>
        public int PushedRefs { get; private set; }

        public JsonElement Get(Keyword keyword) => _slots[(int)keyword];

        public bool Has(Keyword keyword) => _slots[(int)keyword].ValueKind != JsonValueKind.Undefined;

        /// <summary>Writes the keyword's value as it is, when there is one.</summary>
        public void Copy(Utf8JsonWriter writer, Keyword keyword)
        {
            var value = _slots[(int)keyword];
            if (value.ValueKind != JsonValueKind.Undefined)
            {
                writer.WritePropertyName(Names[(int)keyword]);
                value.WriteTo(writer);
            }
        }

        /// <summary>Lets go of the elements of the last schema collected.</summary>
        public void Release()
        {
            Sources.Clear();
            Array.Clear(_slots);
        }

        public void Collect(JsonElement schema, Context context)
        {
            Sources.Clear();
            Array.Clear(_slots);
            Nullable = Recursive = HasProperties = HasRequired = false;
            PushedRefs = 0;
            Add(schema, context, 0);
        }

        private void Add(JsonElement schema, Context context, int level)
        {
            if (schema.ValueKind != JsonValueKind.Object || level > MaxRefChain)
            {
                return;
            }

            Sources.Add(schema);
            JsonElement reference = default, all = default, branches = default;
            foreach (var property in schema.EnumerateObject())
            {
                var keyword = KeywordOf(property);
                var value = property.Value;
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
                        HasProperties |= value.ValueKind == JsonValueKind.Object && HasMembers(value);
                        continue;
                    case Keyword.Required:
                        HasRequired = true;
                        continue;
                    case Keyword.AnyOf or Keyword.OneOf when branches.ValueKind == JsonValueKind.Undefined:
                        branches = value;
                        break;
                }

                if (value.ValueKind != JsonValueKind.Null && _slots[(int)keyword].ValueKind == JsonValueKind.Undefined)
                {
                    _slots[(int)keyword] = value;
                }
            }

            if (reference.ValueKind == JsonValueKind.String)
            {
                var path = reference.GetString()!;
                if (context.ActiveRefs.Contains(path))
                {
                    Recursive = true;
                    return;
                }

                if (Resolve(path, context.Root) is { } target)
                {
                    context.ActiveRefs.Add(path);
                    PushedRefs++;
                    Add(target, context, level + 1);
                }
            }

            if (all.ValueKind == JsonValueKind.Array)
            {
                foreach (var member in all.EnumerateArray())
                {
                    Add(member, context, level + 1);
                }
            }

            if (branches.ValueKind == JsonValueKind.Array && CountNonNull(branches) <= 1)
            {
                foreach (var branch in branches.EnumerateArray())
                {
                    if (IsNullSchema(branch))
                    {
                        Nullable = true;
                    }
                    else
                    {
                        Add(branch, context, level + 1);
                    }
                }
            }
        }

        private static bool HasMembers(JsonElement element)
        {
            using var members = element.EnumerateObject();
            return members.MoveNext();
        }

        /// <summary>A local JSON pointer (<c>#/$defs/Item</c>); null for anything else or a pointer to nothing.</summary>
        private static JsonElement? Resolve(string reference, JsonElement root)
        {
            if (reference == "#")
            {
                return root;
            }

            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                return null;
            }

            var current = root;
            foreach (var raw in reference[2..].Split('/'))
            {
                var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
                {
                    current = next;
                }
                else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
                {
                    current = current[index];
                }
                else
                {
                    return null;
                }
            }

            return current;
        }
    }
}
