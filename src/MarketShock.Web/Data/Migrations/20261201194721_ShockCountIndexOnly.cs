using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable
#pragma warning disable CA1861

namespace MarketShock.Data.Migrations
{
    /// <summary>
    /// The z index of the down days also carries the change, ΔM, date and company: the leaderboard's capped count reads it
    /// alone (index-only) instead of the table's rows.
    /// </summary>
    public partial class ShockCountIndexOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves",
                column: "z_score",
                filter: "change < 0 AND ranked")
                .Annotation("Npgsql:IndexInclude", new[] { "change", "market_cap_change", "date", "company_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves",
                column: "z_score",
                filter: "change < 0 AND ranked");
        }
    }
}
