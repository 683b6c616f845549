namespace LlmGateway.Protocols.Gemini;

/// <summary>The state of one byte sanitising run, kept by the thread for its next run.</summary>
internal static partial class GeminiSchema
{
    /// <summary>
    /// One byte sanitising run: the schema's tokens, the references being inlined on the current path, and a
    /// <see cref="Utf8Node"/> and a name set per depth, reused across siblings and across runs on a thread.
    /// </summary>
    private sealed class Utf8Context
    {
        /// <summary>Token arrays grown past this are let go after the run rather than kept by the thread.</summary>
        private const int KeptTokens = 4096;

        [ThreadStatic]
        private static Utf8Context? t_idle;

        private readonly List<Utf8Node> _nodes = [];
        private readonly List<HashSet<string>> _names = [];
        private Token[] _tokens = new Token[64];

        public List<string> ActiveRefs { get; } = [];

        /// <summary>This thread's idle context, or a new one.</summary>
        public static Utf8Context Start()
        {
            var context = t_idle ?? new Utf8Context();
            t_idle = null;
            return context;
        }

        public Tape Read(ReadOnlySpan<byte> schema) => Tape.Read(schema, ref _tokens);

        /// <summary>Ends the run and keeps the context for the thread's next run.</summary>
        public void Finish()
        {
            ActiveRefs.Clear();
            foreach (var names in _names)
            {
                names.Clear();
            }

            if (_tokens.Length > KeptTokens)
            {
                _tokens = new Token[64];
            }

            t_idle = this;
        }

        public Utf8Node Rent(int depth)
        {
            while (_nodes.Count <= depth)
            {
                _nodes.Add(new Utf8Node());
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
}
