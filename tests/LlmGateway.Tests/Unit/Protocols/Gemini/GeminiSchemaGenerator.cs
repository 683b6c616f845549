using System.Globalization;
using System.Text;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>
/// Random JSON Schema texts (seeded, so a failure can be replayed) mixing what the Gemini sanitiser keeps, rewrites
/// and drops: nested properties, items and tuples, type arrays with null, enums with null and non-strings, const,
/// formats, required with undeclared names, escaped and duplicated names, local <c>$ref</c>s (chains, recursion,
/// array indices, <c>~0</c>/<c>~1</c>), <c>allOf</c>, <c>anyOf</c>/<c>oneOf</c> with null branches, values of every
/// kind, nesting past the sanitiser's depth limit, and whitespace between tokens. Written as text: duplicated keys
/// and chosen escapes cannot go through a DOM.
/// </summary>
internal sealed class GeminiSchemaGenerator(int seed)
{
    private static readonly string[] Strings =
    [
        "\"plain\"", "\"with space\"", "\"a\\\"b\"", "\"\\u00e9t\\u00e9\"", "\"été\"", "\"line\\nbreak\"", "\"tab\\t\"",
        "\"\\ud83d\\ude00\"", "\"😀\"", "\"<&'>\"", "\"\\u2028\"", "\"\\/slash\"", "\"ctrl\\u0001\"", "\"\"", "\"\\\\back\"",
        "\"日本語\"",
    ];

    private static readonly string[] Types =
    [
        "\"object\"", "\"string\"", "\"array\"", "\"integer\"", "\"number\"", "\"boolean\"", "\"null\"", "\"STRING\"",
        "\"Object\"", "\"INTEGER\"", "\"int\"", "\"str\\u0069ng\"", "\"nu\\u006cl\"", "\"Ünknown\"",
    ];

    private static readonly string[] Formats =
    [
        "\"enum\"", "\"date-time\"", "\"float\"", "\"double\"", "\"int32\"", "\"int64\"", "\"email\"", "\"uri\"",
        "\"dat\\u0065-time\"", "\"INT32\"",
    ];

    private static readonly string[] Names =
    [
        "\"a\"", "\"b\"", "\"c\"", "\"city\"", "\"a\\\"b\"", "\"\\u00e9\"", "\"é\"", "\"\\ud83d\\ude00\"", "\"😀\"",
        "\"properties\"", "\"type\"", "\"$ref\"", "\"\"", "\"a/b\"", "\"~x\"", "\"\\u0061\"", "\"line\\nbreak\"",
    ];

    private static readonly string[] Numbers = ["0", "1", "-0", "1.50", "1e3", "1E-2", "-12", "12345678901234567890", "0.000001"];

    private static readonly string[] Refs =
    [
        "\"#\"", "\"#/$defs/A\"", "\"#/$defs/B\"", "\"#/$defs/A\"", "\"#/$defs/B\"", "\"#/definitions/C\"",
        "\"#/properties/a\"", "\"#/allOf/0\"", "\"#/allOf/00\"", "\"#/$defs/A/properties/a\"", "\"#/$defs/a~1b\"",
        "\"#/$defs/m~0n\"", "\"other.json#/X\"", "\"#/missing\"", "\"\"", "1", "\"#/$defs/A/anyOf/1\"", "\"#/\\u0024defs/B\"",
        "\"#/$defs/\"", "\"#/$defs/A/type\"",
    ];

    /// <summary>Member names that are keywords written with an escape: no keyword by raw name, but found by text.</summary>
    private static readonly string[] EscapedKeywords =
    [
        "\"typ\\u0065\"", "\"propert\\u0069es\"", "\"requ\\u0069red\"", "\"\\u0024ref\"", "\"\\u0065num\"", "\"it\\u0065ms\"",
    ];

    private readonly Random _random = new(seed);
    private readonly StringBuilder _text = new();

    /// <summary>The next schema: usually an object, sometimes another value (the sanitiser's "not a schema").</summary>
    public string Next()
    {
        _text.Clear();
        switch (_random.Next(40))
        {
            case 0:
                Junk(0);
                break;
            case 1:
                Deep(_random.Next(30, 40));
                break;
            default:
                Schema(0, root: true);
                break;
        }

        return _text.ToString();
    }

    private void Schema(int depth, bool root = false)
    {
        if (depth > 4)
        {
            Append(_random.Next(3) == 0 ? "{}" : "{\"type\":" + Pick(Types) + "}");
            return;
        }

        Append("{");
        var members = _random.Next(root ? 2 : 0, root ? 9 : 6);
        for (var i = 0; i < members; i++)
        {
            if (i > 0)
            {
                Append(",");
            }

            Member(depth, root);
        }

        Append("}");
    }

    private void Member(int depth, bool root)
    {
        var choice = _random.Next(root ? 30 : 27);
        switch (choice)
        {
            case 0 or 1:
                Name("\"type\"");
                TypeValue();
                break;
            case 2 or 3 or 4:
                Name("\"properties\"");
                Properties(depth);
                break;
            case 5 or 6:
                Name("\"required\"");
                Required();
                break;
            case 7:
                Name("\"items\"");
                Items(depth);
                break;
            case 8:
                Name(Pick(["\"anyOf\"", "\"oneOf\""]));
                Branches(depth);
                break;
            case 9:
                Name("\"allOf\"");
                List(depth, _random.Next(0, 3));
                break;
            case 10:
                Name("\"$ref\"");
                Append(Pick(Refs));
                break;
            case 11:
                Name("\"enum\"");
                Enum();
                break;
            case 12:
                Name("\"const\"");
                Append(_random.Next(3) == 0 ? Pick(Numbers) : Pick(Strings));
                break;
            case 13:
                Name("\"format\"");
                Append(_random.Next(6) == 0 ? "null" : Pick(Formats));
                break;
            case 14:
                Name("\"nullable\"");
                Append(Pick(["true", "false", "null", "\"yes\""]));
                break;
            case 15 or 16:
                Name(Pick(["\"title\"", "\"description\""]));
                if (_random.Next(6) == 0)
                {
                    Junk(depth + 1);
                }
                else
                {
                    Append(Pick(Strings));
                }

                break;
            case 17 or 18:
                Name(Pick(["\"minimum\"", "\"maximum\"", "\"minItems\"", "\"maxItems\"", "\"minLength\"", "\"maxLength\"", "\"minProperties\"", "\"maxProperties\""]));
                Append(_random.Next(8) == 0 ? Pick(["null", "\"5\"", "[1]"]) : Pick(Numbers));
                break;
            case 19:
                Name(Pick(["\"pattern\"", "\"example\"", "\"propertyOrdering\""]));
                Junk(depth + 1);
                break;
            case 20:
                Name(Pick(["\"additionalProperties\"", "\"default\"", "\"examples\"", "\"x-extra\"", "\"$schema\"", "\"not\"", "\"prefixItems\""]));
                Junk(depth + 1);
                break;
            case 21:
                Name(Pick(EscapedKeywords));
                Junk(depth + 1);
                break;
            case 22:
                Name(Pick(EscapedKeywords[1..3]));
                if (_random.Next(2) == 0)
                {
                    Properties(depth);
                }
                else
                {
                    Required();
                }

                break;
            case 23:
                Name("\"properties\"");
                Append(Pick(["{}", "null", "[]", "{ }"]));
                break;
            case 24:
                Name("\"items\"");
                Append(Pick(["[]", "null", "true", "[1]"]));
                break;
            case 25:
                Name(Pick(["\"anyOf\"", "\"oneOf\""]));
                Append(Pick(["[]", "null", "[{\"type\":\"null\"}]", "{}"]));
                break;
            case 26:
                Name("\"type\"");
                Append(Pick(["[\"string\",\"null\"]", "[\"null\"]", "[]", "[\"null\",\"null\"]", "[\"STRING\",\"integer\",\"null\"]"]));
                break;
            default:
                Name(Pick(["\"$defs\"", "\"$defs\"", "\"definitions\""]));
                Definitions(depth);
                break;
        }
    }

    private void TypeValue()
    {
        switch (_random.Next(10))
        {
            case 0 or 1 or 2:
                Append("[");
                var count = _random.Next(0, 4);
                for (var i = 0; i < count; i++)
                {
                    Append(i > 0 ? "," : string.Empty);
                    Append(_random.Next(8) == 0 ? "1" : Pick(Types));
                }

                Append("]");
                break;
            case 3:
                Append(Pick(["null", "1", "{}"]));
                break;
            default:
                Append(Pick(Types));
                break;
        }
    }

    private void Properties(int depth)
    {
        Append("{");
        var count = _random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            Append(i > 0 ? "," : string.Empty);
            Name(Pick(Names));
            if (_random.Next(10) == 0)
            {
                Junk(depth + 1);
            }
            else
            {
                Schema(depth + 1);
            }
        }

        Append("}");
    }

    private void Required()
    {
        if (_random.Next(10) == 0)
        {
            Append(Pick(["\"a\"", "null", "{}"]));
            return;
        }

        Append("[");
        var count = _random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            Append(i > 0 ? "," : string.Empty);
            Append(_random.Next(10) == 0 ? Pick(["1", "null", "\"ghost\""]) : Pick(Names));
        }

        Append("]");
    }

    private void Items(int depth)
    {
        if (_random.Next(4) == 0)
        {
            List(depth, _random.Next(0, 3));
        }
        else
        {
            Schema(depth + 1);
        }
    }

    private void Branches(int depth)
    {
        Append("[");
        var count = _random.Next(0, 4);
        for (var i = 0; i < count; i++)
        {
            Append(i > 0 ? "," : string.Empty);
            switch (_random.Next(6))
            {
                case 0:
                    Append(Pick(["{\"type\":\"null\"}", "{\"type\":\"null\",\"description\":\"none\"}", "{\"type\":\"null\",\"properties\":{}}", "{\"type\":\"string\",\"type\":\"null\"}", "{\"type\":\"NULL\"}", "{\"typ\\u0065\":\"null\"}"]));
                    break;
                case 1:
                    Junk(depth + 1);
                    break;
                default:
                    Schema(depth + 1);
                    break;
            }
        }

        Append("]");
    }

    private void List(int depth, int count)
    {
        Append("[");
        for (var i = 0; i < count; i++)
        {
            Append(i > 0 ? "," : string.Empty);
            Schema(depth + 1);
        }

        Append("]");
    }

    private void Enum()
    {
        if (_random.Next(8) == 0)
        {
            Append(Pick(["\"a\"", "null", "{}"]));
            return;
        }

        Append("[");
        var count = _random.Next(0, 5);
        var strings = _random.Next(3) != 0;
        for (var i = 0; i < count; i++)
        {
            Append(i > 0 ? "," : string.Empty);
            Append(_random.Next(6) == 0 ? "null" : strings || _random.Next(2) == 0 ? Pick(Strings) : Pick([.. Numbers, "true", "{}"]));
        }

        Append("]");
    }

    private void Definitions(int depth)
    {
        Append("{");
        var names = new[] { "\"A\"", "\"B\"", "\"C\"", "\"a/b\"", "\"m~n\"" };
        var count = _random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            Append(i > 0 ? "," : string.Empty);
            Name(Pick(names));
            Schema(depth + 1);
        }

        Append("}");
    }

    /// <summary>Any JSON value, schema or not.</summary>
    private void Junk(int depth)
    {
        switch (_random.Next(depth > 3 ? 5 : 7))
        {
            case 0:
                Append(Pick(Strings));
                break;
            case 1:
                Append(Pick(Numbers));
                break;
            case 2:
                Append(Pick(["true", "false"]));
                break;
            case 3:
                Append("null");
                break;
            case 4:
                Append(Pick(["[]", "{}"]));
                break;
            case 5:
                Append("[");
                var count = _random.Next(1, 4);
                for (var i = 0; i < count; i++)
                {
                    Append(i > 0 ? "," : string.Empty);
                    Junk(depth + 1);
                }

                Append("]");
                break;
            default:
                Append("{");
                var members = _random.Next(1, 4);
                for (var i = 0; i < members; i++)
                {
                    Append(i > 0 ? "," : string.Empty);
                    Name(Pick(Names));
                    Junk(depth + 1);
                }

                Append("}");
                break;
        }
    }

    /// <summary>Items and properties nested past the sanitiser's depth limit.</summary>
    private void Deep(int levels)
    {
        var closing = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            if (_random.Next(2) == 0)
            {
                Append("{\"type\":\"array\",\"items\":");
                closing.Append('}');
            }
            else
            {
                Append("{\"properties\":{\"p" + i.ToString(CultureInfo.InvariantCulture) + "\":");
                closing.Append("}}");
            }
        }

        Append("{\"type\":\"string\",\"description\":\"bottom\"}");
        _text.Append(closing);
    }

    private void Name(string name)
    {
        Append(name);
        Append(":");
    }

    private void Append(string text)
    {
        _text.Append(text);
        if (_random.Next(12) == 0)
        {
            _text.Append(Pick([" ", "\n", "\t", "\r\n  "]));
        }
    }

    private string Pick(string[] options) => options[_random.Next(options.Length)];
}
