// Prints the OpenAPI document, pretty, for the redocly lint test.
#include <iostream>

#include "web/openapi.hpp"

int main() {
  std::cout << itemctl::web::BuildOpenApi("1.0.0").dump(2) << "\n";
  return 0;
}
