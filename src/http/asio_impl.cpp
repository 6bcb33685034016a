// The one translation unit that compiles Asio and Beast (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are set on paseo_http): every other TU includes the headers
// only, which keeps their compile time (and ASan's) reasonable.
#include <utility>  // must precede Asio in Boost 1.74 (asio#944)

#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
