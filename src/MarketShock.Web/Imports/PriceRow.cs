namespace MarketShock.Imports;

/// <summary>One valid price row as read from a file, with the line it came from.</summary>
internal readonly record struct PriceRow(
    int Line, string Ticker, DateOnly Date,
    decimal? Open, decimal? High, decimal? Low, decimal Close, decimal? AdjustedClose, long? Volume);
