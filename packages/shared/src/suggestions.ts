/** One line of the suggestion statistics: a main unit (key null: not yet assigned) or a session. */
export interface SuggestionStatsCounts {
  key: string | null;
  name: string;
  received: number;
  assigned: number;
  answered: number;
  onTime: number;
  closed: number;
  rated: number;
  satisfied: number;
}
