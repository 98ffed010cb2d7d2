using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data;

/// <summary>A <c>numeric(precision, scale)</c> column: the values it can hold, shared by its EF configuration and the
/// importer's checks so that a value that passes the checks is stored as written.</summary>
internal readonly record struct NumericColumn(int Precision, int Scale)
{
    /// <summary>The first value too large for the column: 10^(precision − scale).</summary>
    public decimal Limit => Pow10(Precision - Scale);

    /// <summary>The smallest positive value it stores, one unit of its last decimal.</summary>
    public decimal Unit => 1m / Pow10(Scale);

    public string Type => $"numeric({Precision},{Scale})";

    /// <summary>The value as the column stores it: rounded half away from zero to its scale, as PostgreSQL rounds.</summary>
    public decimal Round(decimal value) => Math.Round(value, Scale, MidpointRounding.AwayFromZero);

    private static decimal Pow10(int n) => n == 0 ? 1m : 10m * Pow10(n - 1);
}

/// <summary>The limits of the stored columns that imported values go to.</summary>
internal static class ColumnLimits
{
    /// <summary>Prices (open, high, low, close, adjusted close): below 10¹³, at 6 decimals.</summary>
    public static readonly NumericColumn Price = new(19, 6);

    /// <summary>Split ratios: below 10¹⁰, at 8 decimals.</summary>
    public static readonly NumericColumn Ratio = new(18, 8);

    /// <summary>Market caps and their changes (C × S): below 10²², at 6 decimals.</summary>
    public static readonly NumericColumn MarketCap = new(28, 6);

    /// <summary>The trading days imported: the figures' windows and gaps are computed on dates well inside PostgreSQL's and
    /// .NET's calendars, and no exchange data reaches further back.</summary>
    public static readonly DateOnly FirstDate = new(1900, 1, 1);

    public static readonly DateOnly LastDate = new(2100, 12, 31);
}

internal static class NumericColumnConfiguration
{
    /// <summary>The property is stored in a column of these limits.</summary>
    public static PropertyBuilder<T> HasPrecision<T>(this PropertyBuilder<T> property, NumericColumn column) =>
        property.HasPrecision(column.Precision, column.Scale);
}
