namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

/// <summary>How to reach a value of a <see cref="JsonTree"/>: property positions and item indexes from the root.</summary>
internal sealed class JsonPath
{
    private readonly (bool IsProperty, int Index)[] _steps;

    private JsonPath((bool IsProperty, int Index)[] steps) => _steps = steps;

    public static JsonPath Root { get; } = new([]);

    public JsonPath Property(int position) => new([.. _steps, (true, position)]);

    public JsonPath Item(int index) => new([.. _steps, (false, index)]);

    /// <summary>The value's container and its place in it.</summary>
    public (JsonTree Parent, bool IsProperty, int Index) Locate(JsonTree root)
    {
        var node = root;
        for (var s = 0; s < _steps.Length - 1; s++)
        {
            var (isProperty, index) = _steps[s];
            node = isProperty ? node.Properties[index].Value : node.Items[index];
        }

        var (lastIsProperty, lastIndex) = _steps[^1];
        return (node, lastIsProperty, lastIndex);
    }

    /// <summary>A copy of <paramref name="root"/> with the value replaced (or removed when <paramref name="value"/> is null).</summary>
    public JsonTree With(JsonTree root, JsonTree? value)
    {
        var copy = root.Clone();
        var (parent, isProperty, index) = Locate(copy);
        if (isProperty)
        {
            if (value is null)
            {
                parent.Properties.RemoveAt(index);
            }
            else
            {
                parent.Properties[index] = KeyValuePair.Create(parent.Properties[index].Key, value.Clone());
            }
        }
        else if (value is null)
        {
            parent.Items.RemoveAt(index);
        }
        else
        {
            parent.Items[index] = value.Clone();
        }

        return copy;
    }

    /// <summary>A copy of <paramref name="root"/> where the property at this path appears again, with <paramref name="value"/>, after (or before) itself.</summary>
    public JsonTree? WithDuplicate(JsonTree root, JsonTree value, bool after)
    {
        var copy = root.Clone();
        var (parent, isProperty, index) = Locate(copy);
        if (!isProperty)
        {
            return null;
        }

        parent.Properties.Insert(after ? index + 1 : index, KeyValuePair.Create(parent.Properties[index].Key, value.Clone()));
        return copy;
    }

    /// <summary>The value at this path in <paramref name="root"/>.</summary>
    public JsonTree ValueIn(JsonTree root)
    {
        var (parent, isProperty, index) = Locate(root);
        return isProperty ? parent.Properties[index].Value : parent.Items[index];
    }
}
