export { type Customers, type CustomersOptions, createCustomers } from "./customerService.js";
