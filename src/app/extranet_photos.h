// Product photos: stored under the data directory with their index in `product_photos`
// (migration 0040). Uploads are checked by content (JPEG/PNG magic bytes, not the name or the
// Content-Type header), capped in size, and resized into `large` (1600 px) and `thumb` (400 px)
// JPEG variants when the image library can decode them (app/extranet_images.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::app {

inline constexpr std::size_t kMaxPhotoBytes = 10 * 1024 * 1024;

struct ProductPhoto {
  std::string id;
  std::string supplier_id;
  std::string product_id;
  int position = 0;
  std::string content_type;  // of the original: image/jpeg or image/png
  int width = 0;
  int height = 0;
  std::int64_t bytes = 0;
  std::string checksum;  // BLAKE2b-256 hex of the original
  std::string variants;  // "original large thumb"
  std::int64_t created_at = 0;
  bool has_variant(std::string_view v) const;
};

// "image/jpeg" or "image/png" from the first bytes; kInvalidArgument (field "file") otherwise.
Result<std::string> sniff_image_type(std::string_view bytes);

// Stores a photo of `product_id` (already checked to belong to `supplier_id` by the caller):
// writes the original and the variants under `data_dir`/photos/<id>/, then the index row.
// kPayloadTooLarge over kMaxPhotoBytes; kInvalidArgument for an empty or non-image body.
Result<ProductPhoto> store_product_photo(storage::Database& db, const std::string& data_dir,
                                         const std::string& supplier_id,
                                         const std::string& product_id, std::string_view bytes,
                                         const std::string& created_by, std::int64_t now_ms);

Result<std::vector<ProductPhoto>> list_product_photos(storage::Database& db,
                                                      std::string_view product_id);

// The photo (any tenant: photos are public once loaded); kNotFound when unknown.
Result<ProductPhoto> get_product_photo(storage::Database& db, std::string_view photo_id);

// Deletes the row and the files; kNotFound unless the photo belongs to `product_id`.
Status delete_product_photo(storage::Database& db, const std::string& data_dir,
                            std::string_view product_id, std::string_view photo_id);

// Path of a variant's file (for serving).
std::string photo_path(const std::string& data_dir, const ProductPhoto& photo,
                       std::string_view variant);

}  // namespace paseo::app
