using System.Text.RegularExpressions;

namespace MarketShock.Imports;

internal static partial class Tickers
{
    /// <summary>Tickers end up in URLs and HTML, so only these characters are accepted.</summary>
    [GeneratedRegex(@"^[A-Z0-9.\-^=]{1,15}$")]
    private static partial Regex ValidTicker();

    public static bool IsValid(string ticker) => ValidTicker().IsMatch(ticker);

    public static string Normalise(string ticker) => ticker.Trim().ToUpperInvariant();

    /// <summary>NVDA.csv → NVDA; the file name stands in for a ticker column.</summary>
    public static string FromFileName(string fileName) => Normalise(Path.GetFileNameWithoutExtension(fileName));
}
