using System.ComponentModel.DataAnnotations;

namespace MarketShock.Admin;

/// <summary>Limits of uploads through the admin pages, from the MarketShock:Import section.</summary>
public sealed class ImportOptions
{
    public const string Section = "MarketShock:Import";

    /// <summary>The largest upload request accepted, all of its files together.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
}
