#include "app/extranet_photos.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/extranet_images.h"
#include "common/random.h"

namespace paseo::app {

namespace {

constexpr int kLargeSide = 1600;
constexpr int kThumbSide = 400;

std::string ext_of(const std::string& content_type) {
  return content_type == "image/png" ? "png" : "jpg";
}

Status write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();
  if (!f) return Error::unavailable("could not write " + path.string());
  return {};
}

ProductPhoto from_row(const storage::Row& r) {
  ProductPhoto p;
  p.id = r.get_string(0);
  p.supplier_id = r.get_string(1);
  p.product_id = r.get_string(2);
  p.position = static_cast<int>(r.get_int(3));
  p.content_type = r.get_string(4);
  p.width = static_cast<int>(r.get_int(5));
  p.height = static_cast<int>(r.get_int(6));
  p.bytes = r.get_int(7);
  p.checksum = r.get_string(8);
  p.variants = r.get_string(9);
  p.created_at = r.get_int(10);
  return p;
}

constexpr const char* kColumns =
    "id, supplier_id, product_id, position, content_type, width, height, bytes, checksum, "
    "variants, created_at";

}  // namespace

bool ProductPhoto::has_variant(std::string_view v) const {
  std::istringstream in(variants);
  std::string word;
  while (in >> word) {
    if (word == v) return true;
  }
  return false;
}

Result<std::string> sniff_image_type(std::string_view b) {
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
      static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF) {
    return std::string("image/jpeg");
  }
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    return std::string("image/png");
  }
  return Error::invalid_argument("the file is not a JPEG or PNG image", "file")
      .with_key("upload.photoType");
}

std::string photo_path(const std::string& data_dir, const ProductPhoto& photo,
                       std::string_view variant) {
  std::string ext = variant == "original" ? ext_of(photo.content_type) : "jpg";
  return data_dir + "/photos/" + photo.id + "/" + std::string(variant) + "." + ext;
}

Result<ProductPhoto> store_product_photo(storage::Database& db, const std::string& data_dir,
                                         const std::string& supplier_id,
                                         const std::string& product_id, std::string_view bytes,
                                         const std::string& created_by, std::int64_t now_ms) {
  if (bytes.empty())
    return Error::invalid_argument("the upload is empty", "file").with_key("upload.empty");
  if (bytes.size() > kMaxPhotoBytes)
    return Error::payload_too_large("photos are 10 MiB at most").with_key("upload.photoTooLarge");
  PASEO_ASSIGN_OR_RETURN(auto type, sniff_image_type(bytes));
  PASEO_ASSIGN_OR_RETURN(auto image, decode_image(bytes, type));

  ProductPhoto photo;
  photo.id = random_uuid();
  photo.supplier_id = supplier_id;
  photo.product_id = product_id;
  photo.content_type = type;
  photo.width = image.width;
  photo.height = image.height;
  photo.bytes = static_cast<std::int64_t>(bytes.size());
  photo.checksum = token_hash(bytes);
  photo.created_at = now_ms;
  photo.variants = "original";

  std::filesystem::path dir = std::filesystem::path(data_dir) / "photos" / photo.id;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error::unavailable("could not create " + dir.string() + ": " + ec.message());
  PASEO_RETURN_IF_ERROR(write_file(photo_path(data_dir, photo, "original"), bytes));
  for (auto [name, side] :
       {std::pair<const char*, int>{"large", kLargeSide}, {"thumb", kThumbSide}}) {
    PASEO_ASSIGN_OR_RETURN(auto jpeg, encode_jpeg(fit_within(image, side), 85));
    PASEO_RETURN_IF_ERROR(write_file(photo_path(data_dir, photo, name), jpeg));
    photo.variants += " ";
    photo.variants += name;
  }
  auto written = db.write([&](storage::Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto pos,
                           c.query("SELECT COALESCE(MAX(position), -1) + 1 FROM product_photos "
                                   "WHERE product_id = $1",
                                   {photo.product_id}));
    photo.position = static_cast<int>(pos.front().get_int(0));
    PASEO_ASSIGN_OR_RETURN(
        auto r,
        c.query("INSERT INTO product_photos (id, supplier_id, product_id, position, "
                "content_type, width, height, bytes, checksum, variants, created_by, "
                "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                {photo.id, photo.supplier_id, photo.product_id,
                 static_cast<std::int64_t>(photo.position), photo.content_type,
                 static_cast<std::int64_t>(photo.width), static_cast<std::int64_t>(photo.height),
                 photo.bytes, photo.checksum, photo.variants, created_by, photo.created_at}));
    (void)r;
    return {};
  });
  if (!written.ok()) {
    std::filesystem::remove_all(dir, ec);
    return written.error();
  }
  return photo;
}

Result<std::vector<ProductPhoto>> list_product_photos(storage::Database& db,
                                                      std::string_view product_id) {
  return db.read_value<std::vector<ProductPhoto>>(
      [&](storage::Connection& c) -> Result<std::vector<ProductPhoto>> {
        PASEO_ASSIGN_OR_RETURN(auto r, c.query(std::string("SELECT ") + kColumns +
                                                   " FROM product_photos WHERE product_id = $1 "
                                                   "ORDER BY position, id",
                                               {std::string(product_id)}));
        std::vector<ProductPhoto> out;
        for (const auto& row : r.rows) out.push_back(from_row(row));
        return out;
      });
}

Result<ProductPhoto> get_product_photo(storage::Database& db, std::string_view photo_id) {
  return db.read_value<ProductPhoto>([&](storage::Connection& c) -> Result<ProductPhoto> {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query(std::string("SELECT ") + kColumns + " FROM product_photos WHERE id = $1",
                        {std::string(photo_id)}));
    if (r.empty()) return Error::not_found("photo not found", "photoId");
    return from_row(r.front());
  });
}

Status delete_product_photo(storage::Database& db, const std::string& data_dir,
                            std::string_view product_id, std::string_view photo_id) {
  PASEO_ASSIGN_OR_RETURN(auto photo, get_product_photo(db, photo_id));
  if (photo.product_id != product_id) return Error::not_found("photo not found", "photoId");
  Status deleted = db.write([&](storage::Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("DELETE FROM product_photos WHERE id = $1 AND product_id = $2",
                                   {std::string(photo_id), std::string(product_id)}));
    if (r.affected == 0) return Error::not_found("photo not found", "photoId");
    return {};
  });
  if (!deleted.ok()) return deleted.error();
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(data_dir) / "photos" / photo.id, ec);
  return {};
}

}  // namespace paseo::app
