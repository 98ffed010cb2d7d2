using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable
#pragma warning disable CA1861 // generated code: Up runs once

namespace MarketShock.Data.Migrations
{
    /// <summary>
    /// The date index also orders each date's moves by ΔM, so that a market day and a permalink read the day's largest losses
    /// and gains from both ends instead of every company of the day.
    /// </summary>
    public partial class MarketDayIndexByLoss : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_daily_moves_date",
                table: "daily_moves");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_date_market_cap_change",
                table: "daily_moves",
                columns: new[] { "date", "market_cap_change" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_daily_moves_date_market_cap_change",
                table: "daily_moves");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_date",
                table: "daily_moves",
                column: "date");
        }
    }
}
