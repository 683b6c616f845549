using System.Diagnostics.CodeAnalysis;
using Azure;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// One table entity: its keys, the service's <see cref="ETag"/> and <see cref="Timestamp"/>, and typed properties
/// (<see cref="string"/>, <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="DateTimeOffset"/>, <see cref="Guid"/> and <see cref="byte"/>[]). Setting a property to null removes it.
/// DateTimeOffset values come back in UTC (the service keeps the instant, not the offset, to 100 ns).
/// </summary>
internal sealed class TableEntity
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
        : this(partitionKey, rowKey, validate: true)
    {
    }

    private TableEntity(string partitionKey, string rowKey, bool validate)
    {
        if (validate)
        {
            TableKeys.ValidateKey(partitionKey, nameof(partitionKey));
            TableKeys.ValidateKey(rowKey, nameof(rowKey));
        }

        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    /// <summary>The version the service gave this entity when it was read or written; <c>default</c> when unknown.</summary>
    public ETag ETag { get; set; }

    /// <summary>When the service last wrote the entity (set by the service, ignored on writes).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The properties other than the keys, ETag and Timestamp.</summary>
    public IReadOnlyDictionary<string, object> Properties => _properties;

    /// <summary>A property's value, or null when absent; setting null removes the property.</summary>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            ValidateName(name);
            if (value is null)
            {
                _properties.Remove(name);
                return;
            }

            if (!IsSupported(value))
            {
                throw new ArgumentException(
                    $"Property '{name}' has type {value.GetType().Name}; a table entity holds string, bool, int, long, double, DateTimeOffset, Guid or byte[].",
                    nameof(value));
            }

            _properties[name] = value;
        }
    }

    public bool Remove(string name) => _properties.Remove(name);

    public string? GetString(string name) => Get<string>(name);

    public bool? GetBoolean(string name) => GetValue<bool>(name);

    public int? GetInt32(string name) => GetValue<int>(name);

    /// <summary>An Int64 property, or an Int32 one widened.</summary>
    public long? GetInt64(string name) => this[name] switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw WrongType(name, other, "long"),
    };

    /// <summary>A Double property, or an Int32 or Int64 one converted.</summary>
    public double? GetDouble(string name) => this[name] switch
    {
        null => null,
        double d => d,
        int i => i,
        long l => l,
        var other => throw WrongType(name, other, "double"),
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => GetValue<DateTimeOffset>(name);

    public Guid? GetGuid(string name) => GetValue<Guid>(name);

    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    internal static bool IsSupported(object value) =>
        value is string or bool or int or long or double or DateTimeOffset or Guid or byte[];

    /// <summary>An entity as the service returned it: its keys are taken as they are.</summary>
    internal static TableEntity FromService(string partitionKey, string rowKey) => new(partitionKey, rowKey, validate: false);

    /// <summary>Sets a property read from the service, whose type is already known to be supported.</summary>
    internal void SetRead(string name, object value) => _properties[name] = value;

    private static void ValidateName([NotNull] string? name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "PartitionKey" or "RowKey" or "Timestamp" or "ETag" || name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is reserved and cannot be set as a property.", nameof(name));
        }
    }

    private T? Get<T>(string name)
        where T : class => this[name] switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(name, other, typeof(T).Name),
        };

    private T? GetValue<T>(string name)
        where T : struct => this[name] switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(name, other, typeof(T).Name),
        };

    private static InvalidCastException WrongType(string name, object value, string wanted) =>
        new($"Property '{name}' holds a {value.GetType().Name}, not a {wanted}.");
}
