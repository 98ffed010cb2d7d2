using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable
#pragma warning disable CA1861

namespace MarketShock.Data.Migrations
{
    /// <summary>
    /// Each company's months summed up (<see cref="MarketShock.Market.CompanyMonth"/>), for the charts of a whole history, and
    /// an index of each company's down days carrying what the shock rule reads: the permalink no longer reads the company's
    /// whole series. The months of the prices already stored are summed here.
    /// </summary>
    public partial class CompanyMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "company_months",
                columns: table => new
                {
                    company_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    first_date = table.Column<DateOnly>(type: "date", nullable: false),
                    last_date = table.Column<DateOnly>(type: "date", nullable: false),
                    low_date = table.Column<DateOnly>(type: "date", nullable: false),
                    high_date = table.Column<DateOnly>(type: "date", nullable: false),
                    bins = table.Column<short[]>(type: "smallint[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_months", x => new { x.company_id, x.month });
                });

            migrationBuilder.CreateIndex(
                name: "ix_daily_prices_down_days",
                table: "daily_prices",
                columns: new[] { "company_id", "date" },
                filter: "change < 0 AND ranked")
                .Annotation("Npgsql:IndexInclude", new[] { "change", "z_score", "market_cap_change" });

            migrationBuilder.Sql(MarketShock.Market.ShockAnalytics.WriteAllMonths("daily_prices"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "company_months");

            migrationBuilder.DropIndex(
                name: "ix_daily_prices_down_days",
                table: "daily_prices");
        }
    }
}
