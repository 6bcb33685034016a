// CatalogueService's state, shared with the other engine services (they read products through
// the same cache).
#pragma once

#include "app/catalogue_service.h"
#include "app/internal/catalogue_store.h"

namespace paseo::app {

struct CatalogueService::Impl {
  storage::Database& db;
  const Clock& clock;
  internal::ProductCache cache;
};

}  // namespace paseo::app
