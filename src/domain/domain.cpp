// Placeholder translation unit until the first domain rule lands.
namespace paseo::domain {}
