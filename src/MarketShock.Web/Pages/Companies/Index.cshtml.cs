using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Companies;

public sealed class CompaniesModel : PageModel
{
    public void OnGet()
    {
    }
}
