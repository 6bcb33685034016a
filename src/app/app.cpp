namespace paseo::app {}
