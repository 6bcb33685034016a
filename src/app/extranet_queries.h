// Read-side queries for the supplier extranet over the inventory engine's tables (bookings,
// departures, ...): the bookings list with search/filters/sort/paging, the dashboard series and
// departures, and the day sheet. The engine's services own every write; these are reads only, each
// filtered by the supplier's organisation id first (tenant scope), and shaped for the screens.
#pragma once

namespace paseo::app {}
