namespace LlmGateway.Tests.Golden;

/// <summary>
/// One folder under <c>Golden/Cases/&lt;direction&gt;/&lt;case&gt;</c> (copied to the output directory): pairs of
/// input and expected output files, and an optional <see cref="GoldenCaseSettings.FileName"/>. A case id is
/// <c>&lt;direction&gt;/&lt;case&gt;</c>, which is what the theories receive.
/// </summary>
internal sealed class GoldenCase
{
    public const string RequestIn = "request.in.json";
    public const string RequestOut = "request.out.json";
    public const string ResponseIn = "response.in.json";
    public const string ResponseOut = "response.out.json";
    public const string StreamIn = "stream.in.sse";
    public const string StreamOut = "stream.out.sse";
    public const string Error = "error.json";

    public static readonly string[] KnownFiles = [RequestIn, RequestOut, ResponseIn, ResponseOut, StreamIn, StreamOut, Error, GoldenCaseSettings.FileName];

    private GoldenCase(string id, GoldenDirection direction, string directory)
    {
        Id = id;
        Direction = direction;
        Directory = directory;
        Settings = GoldenCaseSettings.Read(directory, direction);
    }

    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Golden", "Cases");

    public string Id { get; }

    public GoldenDirection Direction { get; }

    public string Directory { get; }

    public GoldenCaseSettings Settings { get; }

    /// <summary>Every case folder, ordered by id.</summary>
    public static IEnumerable<string> AllIds()
    {
        if (!System.IO.Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var directionDirectory in System.IO.Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            foreach (var caseDirectory in System.IO.Directory.GetDirectories(directionDirectory).Order(StringComparer.Ordinal))
            {
                yield return Path.GetFileName(directionDirectory) + "/" + Path.GetFileName(caseDirectory);
            }
        }
    }

    /// <summary>The ids of the cases that hold every one of <paramref name="files"/>.</summary>
    public static TheoryData<string> With(params string[] files)
    {
        var data = new TheoryData<string>();
        foreach (var id in AllIds())
        {
            var directory = Path.Combine(Root, id);
            if (files.All(file => File.Exists(Path.Combine(directory, file))))
            {
                data.Add(id);
            }
        }

        return data;
    }

    public static GoldenCase Load(string id)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        var direction = GoldenDirections.FromFolder(id[..slash]);
        return new GoldenCase(id, direction, Path.Combine(Root, id));
    }

    public bool Has(string file) => File.Exists(Path.Combine(Directory, file));

    public string ReadText(string file) => File.ReadAllText(Path.Combine(Directory, file));

    public byte[] ReadBytes(string file) => File.ReadAllBytes(Path.Combine(Directory, file));
}
