using System.Text.Json;
using MarketShock.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class ImportLogConfiguration : IEntityTypeConfiguration<ImportLog>
{
    public void Configure(EntityTypeBuilder<ImportLog> log)
    {
        log.HasIndex(l => l.StartedAt);
        log.Property(l => l.ImportedBy).HasMaxLength(256);
        log.Property(l => l.FileName).HasMaxLength(1024);
        log.Property(l => l.Sha256).HasMaxLength(64).IsFixedLength();
        log.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
        // Errors are only ever read whole with their import, so they live in one jsonb document.
        log.Property(l => l.Errors)
            .HasColumnType("jsonb")
            .HasConversion(
                errors => JsonSerializer.Serialize(errors, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<List<ImportError>>(json, JsonSerializerOptions.Web) ?? new(),
                new ValueComparer<List<ImportError>>(
                    (a, b) => a!.SequenceEqual(b!),
                    errors => errors.Aggregate(0, (hash, e) => HashCode.Combine(hash, e)),
                    errors => errors.ToList()));
    }
}
