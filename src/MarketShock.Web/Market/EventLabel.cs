namespace MarketShock.Market;

/// <summary>
/// What happened on a day, in a few words ("DeepSeek's R1 model: AI-chip selloff"), for one company or,
/// with no company, for the whole market day; with an optional link to read more.
/// </summary>
public sealed class EventLabel
{
    public const int MaxLabelLength = 140;
    public const int MaxUrlLength = 2048;

    public long Id { get; set; }

    /// <summary>Null for a label of the whole market day.</summary>
    public int? CompanyId { get; set; }

    public DateOnly Date { get; set; }
    public string Label { get; set; } = "";
    public string? Url { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The rules every label meets, from a file or the admin form: null when it is valid, else what is wrong.</summary>
    public static string? LabelProblem(string? label) =>
        string.IsNullOrWhiteSpace(label) ? "a label is required"
        : label.Trim().Length > MaxLabelLength ? $"longer than {MaxLabelLength} characters"
        : null;

    /// <summary>Labels link out, so only absolute http and https addresses are accepted.</summary>
    public static string? UrlProblem(string? url) =>
        string.IsNullOrWhiteSpace(url) ? null
        : url.Trim().Length > MaxUrlLength ? $"longer than {MaxUrlLength} characters"
        // On Unix "/news/1" parses as an absolute file: URI, so the scheme must be written out.
        : !HasScheme(url.Trim()) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? "not an absolute URL (write it as https://…)"
        : uri.Scheme is not ("http" or "https") ? $"the URL must start with http:// or https://, not {uri.Scheme}:"
        : null;

    private static bool HasScheme(string url) =>
        url.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && char.IsAsciiLetter(url[0])
        && url.AsSpan(0, colon).ContainsAnyExcept(SchemeCharacters) is false;

    private static readonly System.Buffers.SearchValues<char> SchemeCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
}
