#include "domain/accounts/roles.h"

namespace paseo::domain::accounts {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kPlatformAdmin:
      return "platform_admin";
    case Role::kPlatformStaff:
      return "platform_staff";
    case Role::kSupplierOwner:
      return "supplier_owner";
    case Role::kSupplierStaff:
      return "supplier_staff";
    case Role::kPartner:
      return "partner";
  }
  return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : {Role::kPlatformAdmin, Role::kPlatformStaff, Role::kSupplierOwner,
                 Role::kSupplierStaff, Role::kPartner}) {
    if (role_name(r) == name) return r;
  }
  return std::nullopt;
}

bool role_satisfies(Role have, Role need) {
  if (have == need) return true;
  if (have == Role::kPlatformAdmin && need == Role::kPlatformStaff) return true;
  if (have == Role::kSupplierOwner && need == Role::kSupplierStaff) return true;
  return false;
}

std::string_view organisation_kind_for(Role role) {
  switch (role) {
    case Role::kPlatformAdmin:
    case Role::kPlatformStaff:
      return "platform";
    case Role::kSupplierOwner:
    case Role::kSupplierStaff:
      return "supplier";
    case Role::kPartner:
      return "partner";
  }
  return "";
}

}  // namespace paseo::domain::accounts
